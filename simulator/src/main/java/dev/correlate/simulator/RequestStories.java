package dev.correlate.simulator;

import static dev.correlate.simulator.LineFormats.fields;

import dev.correlate.simulator.Estate.Function;
import dev.correlate.simulator.Estate.LambdaFormat;
import dev.correlate.simulator.Estate.LogStream;
import java.util.List;
import java.util.Map;

/**
 * Requests crossing backend (Python JSON logging) → strategy-service (structlog JSON) →
 * data-collection (key=value text), every line naming the correlation id in its service's own way;
 * and the health-check noise that names none.
 */
final class RequestStories {
  private static final List<String> SYMBOLS = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT");
  private static final String DATA_COLLECTION_URL =
      "http://data-collection.tradai.local:8002/ohlcv";

  private RequestStories() {}

  /** Tells request {@code scenario} starting at {@code start}; returns its correlation id. */
  static String request(Scenario scenario, StoryWriter w, long start) {
    return new Chain(w, start).run(scenario);
  }

  /** One health-check invocation and the backend's {@code /health} line it causes. */
  static void healthCheck(StoryWriter w, long start) {
    LambdaInvocation inv =
        LambdaInvocation.begin(w, Function.HEALTH_CHECK, LambdaFormat.JSON, start, 0);
    inv.pause(5, 40);
    LogStream backend = Ids.pick(w.rnd, w.estate.backend);
    w.write(
        backend,
        inv.time(),
        LineFormats.pythonJson(
            inv.time(),
            "INFO",
            "tradai.backend.api",
            "GET /health 200",
            fields(
                "method",
                "GET",
                "path",
                "/health",
                "status_code",
                200,
                "duration_ms",
                w.pause(1, 6))),
        Tags.NONE);
    boolean degraded = w.rnd.nextInt(8) == 0;
    inv.log(
        degraded ? "WARNING" : "INFO",
        "Health check "
            + (degraded ? "degraded" : "passed")
            + ": backend=200 strategy-service=200 data-collection=200 mlflow="
            + (degraded ? 503 : 200),
        Tags.NONE,
        false);
    inv.end("success", null);
  }

  /** One request's walk through the three services. */
  private static final class Chain {
    private final StoryWriter w;
    private final String correlationId;
    private final LogStream backend;
    private final LogStream strategyService;
    private final LogStream dataCollection;
    private final String symbol;
    private final String path;
    private long t;

    Chain(StoryWriter w, long start) {
      this.w = w;
      this.t = start;
      this.correlationId = Ids.uuid(w.rnd);
      this.backend = Ids.pick(w.rnd, w.estate.backend);
      this.strategyService = Ids.pick(w.rnd, w.estate.strategyService);
      this.dataCollection = Ids.pick(w.rnd, w.estate.dataCollection);
      this.symbol = Ids.pick(w.rnd, SYMBOLS);
      this.path =
          "/api/v1/strategies/"
              + Ids.pick(w.rnd, List.of("MomentumV2", "BreakoutAtr"))
              + "/signals";
    }

    String run(Scenario scenario) {
      backend(
          "INFO",
          "GET " + path,
          fields("method", "GET", "path", path, "query", "symbol=" + symbol));
      strategyService("info", "signals requested", fields("symbol", symbol, "timeframe", "1h"));
      strategyService(
          "info", "fetching ohlcv from data-collection", fields("url", DATA_COLLECTION_URL));
      switch (scenario) {
        case REQUEST_OK -> {
          dataCollectionAnswers(200, "INFO", 20, 90);
          strategyService("info", "signals computed", fields("signals", w.rnd.nextInt(3, 40)));
          respond(200);
        }
        case REQUEST_CONNECTION_REFUSED -> {
          strategyService(
              "error",
              "data-collection request failed",
              fields(
                  "error",
                  "ConnectionError:"
                      + " HTTPConnectionPool(host='data-collection.tradai.local', port=8002): Max retries exceeded with"
                      + " url: /ohlcv (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at"
                      + " 0x7f0e4c2b1a90>: Failed to establish a new connection: [Errno 111] Connection refused'))"));
          respond(502);
        }
        case REQUEST_SERVICE_UNAVAILABLE -> {
          dataCollectionAnswers(503, "WARNING", 2, 10);
          strategyService(
              "error",
              "data-collection request failed",
              fields(
                  "error",
                  "503 Server Error: Service Unavailable for url: " + DATA_COLLECTION_URL));
          respond(503);
        }
        case REQUEST_CONNECTION_TIMEOUT -> {
          dataCollection("INFO", "data_collection.api", fields("method", "GET", "path", "/ohlcv"));
          t += 10_000;
          strategyService(
              "error",
              "data-collection request failed",
              fields(
                  "error",
                  "ReadTimeout:"
                      + " HTTPConnectionPool(host='data-collection.tradai.local', port=8002): Read timed out. (read"
                      + " timeout=10)"));
          respond(504);
        }
        default -> throw new IllegalArgumentException(scenario + " is not a request scenario");
      }
      return correlationId;
    }

    private void dataCollectionAnswers(int status, String level, long minMs, long maxMs) {
      dataCollection(
          "INFO",
          "data_collection.api",
          fields("method", "GET", "path", "/ohlcv", "symbol", symbol, "timeframe", "1h"));
      if (status == 200) {
        dataCollection(
            "INFO",
            "data_collection.store",
            fields(
                "symbol",
                symbol,
                "rows",
                720,
                "source",
                "arcticdb",
                "duration_ms",
                w.pause(minMs, maxMs)));
      }
      dataCollection(
          level,
          "data_collection.api",
          fields("status", status, "duration_ms", w.pause(minMs, maxMs)));
    }

    private void respond(int status) {
      backend(
          status >= 500 ? "ERROR" : "INFO",
          "GET " + path + " " + status,
          fields("status_code", status, "duration_ms", w.pause(30, 400)));
    }

    private void backend(String level, String message, Map<String, Object> extra) {
      t += w.pause(2, 30);
      Map<String, Object> line = fields("correlation_id", correlationId);
      line.putAll(extra);
      w.write(
          backend,
          t,
          LineFormats.pythonJson(t, level, "tradai.backend.api", message, line),
          Tags.names(correlationId, null).error("ERROR".equals(level)));
    }

    private void strategyService(String level, String event, Map<String, Object> extra) {
      t += w.pause(2, 60);
      Map<String, Object> line = fields("correlationId", correlationId);
      line.putAll(extra);
      w.write(
          strategyService,
          t,
          LineFormats.structlog(t, level, "strategy_service.signals", event, line),
          Tags.names(correlationId, null).error("error".equals(level)));
    }

    private void dataCollection(String level, String logger, Map<String, Object> pairs) {
      t += w.pause(2, 40);
      Map<String, Object> line = fields("correlation_id", correlationId);
      line.putAll(pairs);
      boolean serverError = pairs.get("status") instanceof Integer status && status >= 500;
      w.write(
          dataCollection,
          t,
          LineFormats.keyValue(t, level, logger, line),
          Tags.names(correlationId, null).error("ERROR".equals(level) || serverError));
    }
  }
}
