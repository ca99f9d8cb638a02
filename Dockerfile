# Correlate's services (ingest, streams, query-api) in one image, built from the service artifact only: no launcher,
# no local Kafka broker or OpenSearch node, no simulator, no benchmarks. docker-compose.yml picks the service.
#   docker build -t correlate .
#   docker run correlate query-api
# Stage 1 builds services/target/correlate-services.jar and its lib/ with the Maven wrapper. '-am' also builds the
# modules the services' tests use (test kit, local stack, simulator); none of them is in the artifact, and the
# OpenSearch distribution the local stack would unpack is not needed here.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dopensearch.unpack.skip=true package -pl services -am

# Stage 2: a JRE, the jar and its dependencies, an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app correlate \
 && mkdir -p /app/state && chown correlate /app/state
WORKDIR /app
COPY --from=build /src/services/target/lib/ /app/lib/
COPY --from=build /src/services/target/correlate-services.jar /app/correlate-services.jar
USER correlate
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# The probe is the artifact itself (the JRE image need not have curl): the first of the three services' local health
# endpoints, at the ports their variables give, that answers 200 (healthy or degraded); one container runs one service.
HEALTHCHECK --interval=30s --timeout=15s --start-period=90s --retries=3 \
  CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-jar", "/app/correlate-services.jar", "health"]
ENTRYPOINT ["java", "-jar", "/app/correlate-services.jar"]
CMD ["query-api"]
