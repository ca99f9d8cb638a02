package dev.correlate.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.health.Component;
import dev.correlate.core.health.HealthReport;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest HTTP API as a pure factory: routes, no I/O until started.
 *
 * <ul>
 *   <li>{@code POST /ingest/firehose} — Amazon Data Firehose HTTP-endpoint delivery, answered
 *       exactly as its specification requires: {@code application/json}, {@code {"requestId",
 *       "timestamp"}} and, on failure, {@code errorMessage}; 200 only after Kafka acknowledged
 *       every record; 401 wrong or missing access key; 413 body over the limit (Firehose does not
 *       retry it); 400 malformed envelope (the body also carries problem-details members); 503
 *       Kafka did not take the data in time (Firehose retries).
 *   <li>{@code POST /ingest/cloudwatch} — raw intake for forwarders and replay: a Lambda-style
 *       {@code {"awslogs": {"data": …}}} body, or a gzip (or inflated) subscription document;
 *       errors as {@code application/problem+json}.
 *   <li>{@code GET /health} — the shared health document ({@link HealthReport}): {@code kafka}
 *       unhealthy (503) while Kafka is unreachable or the topics cannot be created.
 *   <li>{@code GET /metrics} — Prometheus text.
 * </ul>
 *
 * A request body may be {@code Content-Encoding: gzip}; the body limit applies after it is undone.
 * What one request or many can cost is bounded ({@link Bodies}, {@link IngestSettings}): bodies are
 * read as they arrive under one budget of bytes in flight (503 beyond it), at most {@code
 * maxConcurrentRequests} intake requests run at once (Jetty's {@link QoSHandler}: more wait up to
 * {@link IngestSettings#MAX_QUEUE_WAIT}, then 503), each request's records inflate to a bounded
 * total, and the request ids and header values echoed or copied onto events are bounded ({@link
 * FirehoseRequest#MAX_REQUEST_ID_CHARS}).
 */
final class IngestApi {
  static final String FIREHOSE = "/ingest/firehose";
  static final String CLOUDWATCH = "/ingest/cloudwatch";
  static final String REQUEST_ID = "X-Amz-Firehose-Request-Id";
  static final String ACCESS_KEY = "X-Amz-Firehose-Access-Key";
  static final String PROTOCOL_VERSION = "X-Amz-Firehose-Protocol-Version";
  static final String COMMON_ATTRIBUTES = "X-Amz-Firehose-Common-Attributes";
  private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);
  private static final String JSON = "application/json";
  private static final String PROBLEM = "application/problem+json";

  /** Longest header value quoted back in an error (a protocol version, an encoding). */
  private static final int MAX_ECHOED_CHARS = 64;

  private final Intake intake;
  private final AccessKeys keys;
  private final Bodies bodies;
  private final IngestMetrics metrics;

  private IngestApi(Intake intake, IngestSettings settings, IngestMetrics metrics) {
    this.intake = intake;
    this.keys = new AccessKeys(settings.accessKeys());
    this.bodies = new Bodies(settings.maxBodyBytes(), settings.maxInflightBytes());
    this.metrics = metrics;
  }

  static Javalin create(
      Intake intake, IngestSettings settings, PrometheusMeterRegistry registry, Component health) {
    IngestApi api = new IngestApi(intake, settings, new IngestMetrics(registry));
    QoSHandler concurrency = new QoSHandler();
    concurrency.setMaxRequestCount(settings.maxConcurrentRequests());
    concurrency.setMaxSuspend(IngestSettings.MAX_QUEUE_WAIT);
    // health and metrics stay answerable however busy the intake is
    concurrency.includePath(FIREHOSE, CLOUDWATCH);
    return Javalin.create(
        cfg -> {
          cfg.startup.showJavalinBanner = false;
          cfg.jetty.modifyServletContextHandler(context -> context.insertHandler(concurrency));
          // Firehose requires an uncompressed response body.
          cfg.http.compressionStrategy = CompressionStrategy.NONE;
          cfg.http.maxRequestSize = settings.maxBodyBytes();
          cfg.routes.post(FIREHOSE, api.counted(FIREHOSE, api::firehose));
          cfg.routes.post(CLOUDWATCH, api.counted(CLOUDWATCH, api::cloudwatch));
          cfg.routes.get("/health", api.counted("/health", ctx -> health(ctx, health)));
          cfg.routes.get(
              "/metrics",
              ctx ->
                  ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                      .result(registry.scrape()));
        });
  }

  private Handler counted(String path, Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Exception e) {
        // A defect, not bad input: logged once, answered 500 so that the sender retries.
        LOG.error("{} failed", path, e);
        if (FIREHOSE.equals(path)) {
          firehoseError(
              ctx, 500, ctx.header(REQUEST_ID), intake.clock().millis(), "internal error");
        } else {
          problem(ctx, 500, "Internal Server Error", "internal error");
        }
      } finally {
        metrics.request(path, ctx.statusCode());
      }
    };
  }

  private void firehose(Context ctx) {
    long now = intake.clock().millis();
    String headerId = ctx.header(REQUEST_ID);
    if (headerId != null && headerId.length() > FirehoseRequest.MAX_REQUEST_ID_CHARS) {
      firehoseError(
          ctx,
          400,
          null,
          now,
          REQUEST_ID + " is longer than " + FirehoseRequest.MAX_REQUEST_ID_CHARS + " characters");
      return;
    }
    if (!keys.accepts(ctx.header(ACCESS_KEY))) {
      firehoseError(ctx, 401, headerId, now, "missing or wrong " + ACCESS_KEY);
      return;
    }
    String version = ctx.header(PROTOCOL_VERSION);
    if (version != null && !"1.0".equals(version)) {
      firehoseError(
          ctx, 400, headerId, now, "unsupported " + PROTOCOL_VERSION + ": " + echoed(version));
      return;
    }
    try (Bodies.Body body = readBody(ctx, FIREHOSE)) {
      String requestId;
      Map<String, String> attributes;
      try {
        requestId = FirehoseRequest.validate(body.array(), body.length());
        attributes = FirehoseRequest.commonAttributes(ctx.header(COMMON_ATTRIBUTES));
      } catch (FirehoseRequest.Malformed e) {
        firehoseError(ctx, 400, headerId, now, e.getMessage());
        return;
      }
      String id = headerId != null ? headerId : requestId;
      Intake.Batch batch =
          intake.begin(new Provenance(RawLogEvent.Intake.FIREHOSE, id, now, attributes), id);
      FirehoseRequest.forEachRecord(
          body.array(), body.length(), () -> !batch.failed(), batch::addBase64);
      try {
        batch.await();
      } catch (KafkaUnavailableException e) {
        LOG.warn("Firehose request {} answered 503: {}", id, e.getMessage());
        firehoseError(ctx, 503, id, now, "Kafka did not accept the records in time; retry");
        return;
      }
      ObjectNode ok = Json.mapper().createObjectNode().put("requestId", id).put("timestamp", now);
      ctx.status(200).contentType(JSON).result(Json.write(ok));
    } catch (Bodies.TooLarge e) {
      firehoseError(ctx, 413, headerId, now, e.getMessage());
    } catch (Bodies.Unreadable e) {
      firehoseError(ctx, 400, headerId, now, e.getMessage());
    } catch (Bodies.Busy e) {
      firehoseError(ctx, 503, headerId, now, e.getMessage());
    } catch (BadEncoding e) {
      firehoseError(ctx, 400, headerId, now, e.getMessage());
    }
  }

  private static void firehoseError(
      Context ctx, int status, String requestId, long now, String message) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("requestId", requestId == null ? "" : requestId);
    body.put("timestamp", now);
    body.put("errorMessage", message.length() > 8192 ? message.substring(0, 8192) : message);
    if (status == 400) {
      // Problem-details members too, for humans and tools; the media type stays what Firehose
      // requires.
      body.put("type", "about:blank")
          .put("title", "Bad Request")
          .put("status", 400)
          .put("detail", message);
    }
    ctx.status(status).contentType(JSON).result(Json.write(body));
  }

  private void cloudwatch(Context ctx) {
    long now = intake.clock().millis();
    if (!keys.accepts(accessKey(ctx))) {
      problem(ctx, 401, "Unauthorized", "missing or wrong access key");
      return;
    }
    String requestId = ctx.header("X-Request-Id");
    if (requestId != null && requestId.length() > FirehoseRequest.MAX_REQUEST_ID_CHARS) {
      problem(
          ctx,
          400,
          "Bad Request",
          "X-Request-Id is longer than " + FirehoseRequest.MAX_REQUEST_ID_CHARS + " characters");
      return;
    }
    try (Bodies.Body body = readBody(ctx, CLOUDWATCH)) {
      byte[] bytes = body.toArray();
      String awslogs = lambdaStyleData(bytes);
      if (awslogs != null && awslogs.isEmpty()) {
        problem(ctx, 400, "Bad Request", "awslogs.data is missing or not a string");
        return;
      }
      String id = requestId != null ? requestId : UUID.randomUUID().toString();
      Intake.Batch batch = intake.begin(Provenance.of(RawLogEvent.Intake.CLOUDWATCH, now), id);
      if (awslogs == null) {
        batch.addBinary(bytes);
      } else {
        batch.addBase64(awslogs);
      }
      Intake.Summary summary;
      try {
        summary = batch.await();
      } catch (KafkaUnavailableException e) {
        LOG.warn("raw intake request {} answered 503: {}", id, e.getMessage());
        problem(ctx, 503, "Service Unavailable", "Kafka did not accept the records in time; retry");
        return;
      }
      ctx.status(200).contentType(JSON).result(Json.write(summary));
    } catch (Bodies.TooLarge e) {
      problem(ctx, 413, "Payload Too Large", e.getMessage());
    } catch (Bodies.Unreadable | BadEncoding e) {
      problem(ctx, 400, "Bad Request", e.getMessage());
    } catch (Bodies.Busy e) {
      problem(ctx, 503, "Service Unavailable", e.getMessage());
    }
  }

  /**
   * The base64 text of a Lambda-style body; null when the body is not one (a subscription document,
   * or something the decoder will quarantine); empty when it is one without a usable {@code data}.
   */
  private static String lambdaStyleData(byte[] body) {
    if (body.length < 2 || (body[0] & 0xff) == 0x1f) {
      return null;
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (root == null || !root.has("awslogs")) {
      return null;
    }
    JsonNode data = root.path("awslogs").path("data");
    return data.isTextual() && !data.textValue().isEmpty() ? data.textValue() : "";
  }

  private static String accessKey(Context ctx) {
    String key = ctx.header(ACCESS_KEY);
    String authorization = ctx.header("Authorization");
    if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
      key = authorization.substring("Bearer ".length());
    }
    return key;
  }

  private static void problem(Context ctx, int status, String title, String detail) {
    ObjectNode body =
        Json.mapper()
            .createObjectNode()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    ctx.status(status).contentType(PROBLEM).result(Json.write(body));
  }

  private static void health(Context ctx, Component kafka) {
    HealthReport report = HealthReport.of(List.of(kafka));
    ctx.status(report.httpStatus()).contentType(JSON).result(report.toJson());
  }

  /** A {@code Content-Encoding} other than gzip or identity. */
  static final class BadEncoding extends Exception {
    private static final long serialVersionUID = 1L;

    BadEncoding(String message) {
      super(message);
    }
  }

  /**
   * Reads the body as it arrives, undoing {@code Content-Encoding: gzip}, within the body and
   * in-flight limits.
   */
  private Bodies.Body readBody(Context ctx, String path)
      throws Bodies.TooLarge, Bodies.Unreadable, Bodies.Busy, BadEncoding {
    String encoding = ctx.header("Content-Encoding");
    boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
      throw new BadEncoding("unsupported Content-Encoding: " + echoed(encoding));
    }
    long[] received = {0};
    try {
      return bodies.read(counting(ctx.bodyInputStream(), received), ctx.contentLength(), gzip);
    } finally {
      metrics.bytes(path, received[0]);
    }
  }

  /** A header value as quoted back in an error: cut, since the sender chose its length. */
  private static String echoed(String value) {
    return value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "…" : value;
  }

  /**
   * Counts the bytes read from {@code in} (as sent, before any gzip is undone) into {@code
   * count[0]}.
   */
  private static InputStream counting(InputStream in, long[] count) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count[0]++;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count[0] += n;
        }
        return n;
      }
    };
  }
}
