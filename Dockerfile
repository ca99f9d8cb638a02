# Correlate's deployables (ingest, streams, query-api) in one image; docker-compose.yml picks the main class.
#   docker build -t correlate .
#   docker run correlate dev.correlate.api.QueryApiMain
# Stage 1 builds the launcher jar and its lib/ with the Maven wrapper (no OpenSearch distribution needed here).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dopensearch.unpack.skip=true package -pl cli -am

# Stage 2: a JRE, the jar and its dependencies, an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app correlate \
 && mkdir -p /app/state && chown correlate /app/state
WORKDIR /app
COPY --from=build /src/cli/target/lib/ /app/lib/
COPY --from=build /src/cli/target/correlate.jar /app/correlate.jar
USER correlate
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-cp", "/app/correlate.jar"]
CMD ["dev.correlate.cli.CorrelateCli", "--help"]
