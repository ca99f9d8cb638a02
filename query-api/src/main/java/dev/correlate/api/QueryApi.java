package dev.correlate.api;

import dev.correlate.core.health.Component;
import dev.correlate.core.health.HealthReport;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.Page;
import dev.correlate.core.store.QueryTimeoutException;
import dev.correlate.core.store.SearchFilter;
import dev.correlate.core.store.SortKey;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.core.store.TimelineQueries;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Correlate's REST API: timelines, jobs and their failure context, listings, CloudWatch-style
 * search, health, metrics and its own OpenAPI document. A pure factory: {@link #create} wires
 * routes to a {@link TimelineQueries} and returns the app unstarted; the caller starts and stops
 * it.
 *
 * <p>Every response carries {@code X-Correlation-ID} (the client's, when it is a valid id, else a
 * new UUID), and requests are logged on the logger {@code dev.correlate.api.access} as {@link
 * AccessLog} says (by default the failed ones, one JSON object each). Errors are {@code
 * application/problem+json}.
 */
public final class QueryApi {
  public static final String CORRELATION_HEADER = "X-Correlation-ID";
  static final String API = "/api/v1";
  static final int TIMELINE_DEFAULT_LIMIT = 500;
  static final int LIST_DEFAULT_LIMIT = 50;
  static final int LIST_MAX_LIMIT = 1_000;
  static final int SEARCH_DEFAULT_LIMIT = 100;

  /** Outcome buckets per stats window at most, and the widths they may have (ms). */
  static final int BUCKETS = 60;

  private static final long[] BUCKET_WIDTHS = {
    1_000L,
    5_000L,
    10_000L,
    15_000L,
    30_000L,
    60_000L,
    120_000L,
    300_000L,
    600_000L,
    900_000L,
    1_800_000L,
    3_600_000L,
    7_200_000L,
    10_800_000L,
    21_600_000L,
    43_200_000L,
    86_400_000L,
    604_800_000L
  };

  private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.correlate.api.access");
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String CORRELATION_ATTRIBUTE = "correlate.correlation-id";

  private final TimelineQueries queries;
  private final QueryApiSettings settings;
  private final Clock clock;
  private final ApiHealth health;

  /**
   * The request timers by method, route and status, each registered once: building and registering
   * one per request (its id, tags sorted, the registry's lookup) was a few per cent of a small
   * page's CPU. Routes are the app's own paths and "unmatched", statuses a few codes: a small set.
   */
  private final Map<RequestKey, Timer> timers = new ConcurrentHashMap<>();

  private record RequestKey(String method, String route, int status) {}

  private QueryApi(
      TimelineQueries queries, ApiHealth health, Clock clock, QueryApiSettings settings) {
    this.queries = queries;
    this.health = health;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * The API over {@code queries}, with OpenSearch as its only health dependency and its own metrics
   * registry.
   */
  public static Javalin create(TimelineQueries queries, QueryApiSettings settings) {
    return create(
        queries,
        List.of(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(),
        settings);
  }

  /**
   * The API over {@code queries}.
   *
   * @param services the other services (ingest, streams) whose health the API reports, by name
   * @param metrics the registry served on {@code /metrics}; request timings are recorded in it
   * @param clock the clock relative times ({@code since=1h}) count back from
   */
  public static Javalin create(
      TimelineQueries queries,
      List<Component> services,
      PrometheusMeterRegistry metrics,
      Clock clock,
      QueryApiSettings settings) {
    QueryApi api = new QueryApi(queries, new ApiHealth(queries, services), clock, settings);
    BearerAuth auth = new BearerAuth(settings.tokens());
    byte[] openApi = resource("openapi.json");
    Console console = Console.load();
    return Javalin.create(
        cfg -> {
          cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
          cfg.jetty.host = settings.bindHost();
          cfg.jetty.port = settings.port();
          cfg.startup.showJavalinBanner = false;
          cfg.requestLogger.http((ctx, ms) -> api.logRequest(ctx, ms, metrics));

          cfg.routes.before(
              ctx -> {
                String id = ctx.header(CORRELATION_HEADER);
                if (id == null || !TimelineId.isValidId(id)) {
                  id = newCorrelationId();
                }
                ctx.attribute(CORRELATION_ATTRIBUTE, id);
                ctx.header(CORRELATION_HEADER, id);
                auth.check(ctx);
              });

          // every route with the query parameters it reads (as openapi.json documents them); any
          // other is a 400
          List<String> timeline = List.of("limit", "cursor", "service", "level", "q");
          get(
              cfg.routes,
              API + "/correlations/{id}/timeline",
              timeline,
              ctx -> api.timeline(ctx, TimelineId.Kind.CORRELATION));
          get(
              cfg.routes,
              API + "/jobs/{id}/timeline",
              timeline,
              ctx -> api.timeline(ctx, TimelineId.Kind.JOB));
          get(cfg.routes, API + "/jobs/{id}/failure-context", List.of(), api::failureContext);
          // before /jobs/{id}: the first route that matches answers (a job named "stats" is read as
          // /jobs?…)
          get(cfg.routes, API + "/jobs/stats", List.of("since", "until", "service"), api::jobStats);
          get(cfg.routes, API + "/jobs/{id}", List.of(), api::job);
          get(
              cfg.routes,
              API + "/jobs",
              List.of(
                  "status", "stage", "category", "service", "since", "until", "limit", "cursor"),
              api::jobs);
          get(
              cfg.routes,
              API + "/correlations",
              List.of("status", "service", "since", "until", "limit", "cursor"),
              api::correlations);
          get(
              cfg.routes,
              API + "/search",
              List.of(
                  "filter", "log_group", "service", "level", "since", "until", "limit", "cursor"),
              api::search);
          get(cfg.routes, API + "/health", List.of(), api::health);
          get(
              cfg.routes,
              API + "/openapi.json",
              List.of(),
              ctx -> ctx.contentType("application/json").result(openApi));
          // the console's page and files read no parameters: its views live in the URL's fragment,
          // never sent here
          get(cfg.routes, "/", List.of(), console::page);
          get(cfg.routes, Console.PREFIX + "{version}/{file}", List.of(), console::file);
          get(
              cfg.routes,
              "/metrics",
              List.of(),
              ctx ->
                  ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                      .result(metrics.scrape()));

          cfg.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, e.problem(ctx.path())));
          cfg.routes.exception(
              StorageUnavailableException.class,
              (e, ctx) -> {
                LOG.warn(
                    "storage unavailable [correlation_id={}]: {}",
                    correlationId(ctx),
                    e.getMessage());
                ctx.header("Retry-After", "5");
                problem(
                    ctx,
                    new Problem(
                        "/problems/storage-unavailable",
                        "Storage unavailable",
                        503,
                        "OpenSearch cannot answer now; retry later",
                        ctx.path()));
              });
          cfg.routes.exception(
              QueryTimeoutException.class,
              (e, ctx) -> {
                LOG.warn(
                    "query timed out [correlation_id={}] {}: {}",
                    correlationId(ctx),
                    ctx.path(),
                    e.getMessage());
                problem(
                    ctx,
                    new Problem(
                        "/problems/query-timeout",
                        "Query timed out",
                        503,
                        e.getMessage()
                            + "; narrow the query (since and until, log_group, service) rather than retrying it",
                        ctx.path()));
              });
          cfg.routes.exception(
              HttpResponseException.class,
              (e, ctx) ->
                  problem(
                      ctx,
                      e.getStatus() == 404
                          ? new Problem(
                              "/problems/not-found",
                              "Not found",
                              404,
                              "no such resource: " + ctx.path(),
                              ctx.path())
                          : new Problem(
                              "/problems/http-" + e.getStatus(),
                              e.getMessage(),
                              e.getStatus(),
                              e.getMessage(),
                              ctx.path())));
          cfg.routes.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error(
                    "request failed [correlation_id={}] {} {}",
                    correlationId(ctx),
                    ctx.method(),
                    ctx.path(),
                    e);
                problem(
                    ctx,
                    new Problem(
                        "/problems/internal",
                        "Internal error",
                        500,
                        "the request failed; the API log has the details under correlation id "
                            + correlationId(ctx),
                        ctx.path()));
              });
        });
  }

  /**
   * Registers a GET route whose handler reads only the query parameters {@code params}: a request
   * naming another one, or one of them twice, is refused before the handler runs (400, naming the
   * parameter), since a parameter that is silently ignored answers a question the client did not
   * ask.
   */
  private static void get(RoutesConfig routes, String path, List<String> params, Handler handler) {
    routes.get(
        path,
        ctx -> {
          Params.requireOnly(ctx, params);
          handler.handle(ctx);
        });
  }

  // ---- handlers

  private void timeline(Context ctx, TimelineId.Kind kind) {
    Params p = new Params(ctx, clock);
    TimelineId id = new TimelineId(kind, p.id("id"));
    int limit = p.limit(TIMELINE_DEFAULT_LIMIT, TimelineQueries.MAX_LIMIT);
    Optional<SortKey> after = Cursors.decode(Cursors.Listing.TIMELINE, p.raw("cursor"));
    EventFilter filter = new EventFilter(p.names("service"), p.level("level"), p.pattern("q"));

    TimelineBody body =
        new TimelineBody(
            kind.prefix(),
            id.id(),
            settings.maxEvidence(),
            // without a summary, offsets count from the timeline's first event (whatever page or
            // filter this is); without either, the timeline is not there
            () ->
                queries.events(id, EventFilter.ALL, 1, Optional.empty()).items().stream()
                    .findFirst()
                    .map(LogEvent::timestamp)
                    .orElseThrow(() -> ApiException.notFound(kind.prefix() + " " + id.id())),
            () -> ctx.contentType(ContentType.APPLICATION_JSON).outputStream());
    // the summary and the page in one read (one round trip to OpenSearch), the body sent as it is
    // written; a failure once bytes are sent aborts the response (problem)
    Optional<SortKey> next = queries.timeline(id, filter, limit, after, body);
    body.finish(Cursors.encode(Cursors.Listing.TIMELINE, next).orElse(null));
  }

  private void job(Context ctx) {
    json(ctx, Views.Job.of(jobSummary(ctx)));
  }

  private void failureContext(Context ctx) {
    json(ctx, Views.FailureContext.of(jobSummary(ctx), settings.maxEvidence()));
  }

  private TimelineSummary jobSummary(Context ctx) {
    TimelineId id = TimelineId.job(new Params(ctx, clock).id("id"));
    return queries.summary(id).orElseThrow(() -> ApiException.notFound("job " + id.id()));
  }

  private void jobs(Context ctx) {
    Params p = new Params(ctx, clock);
    SummaryFilter filter =
        new SummaryFilter(
            TimelineId.Kind.JOB,
            p.oneOf("status", Vocabulary.JOB_STATUSES),
            p.oneOf("stage", Vocabulary.STAGES),
            p.oneOf("category", Vocabulary.CATEGORIES),
            p.name("service"),
            p.time("since"),
            p.time("until"));
    checkWindow(filter.since(), filter.until());
    Page<TimelineSummary> page =
        queries.summaries(
            filter,
            p.limit(LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT),
            Cursors.decode(Cursors.Listing.SUMMARIES, p.raw("cursor")));
    json(
        ctx,
        new Views.ListPage<>(
            page.items().stream().map(Views.Job::of).toList(),
            Cursors.encode(Cursors.Listing.SUMMARIES, page.next()).orElse(null)));
  }

  private void jobStats(Context ctx) {
    Params p = new Params(ctx, clock);
    Long since = p.time("since");
    Long until = p.time("until");
    checkWindow(since, until);
    long bucketMs = bucketWidth(since, until, clock.millis());
    SummaryStats stats =
        queries.stats(
            new SummaryStats.Query(
                new SummaryFilter(
                    TimelineId.Kind.JOB, null, null, null, p.name("service"), since, until),
                Vocabulary.FAILING_JOB_STATUSES,
                bucketMs));
    json(ctx, Views.JobStats.of(stats, since, until, bucketMs));
  }

  /**
   * The width of the outcome buckets for a window: the smallest of {@link #BUCKET_WIDTHS} that cuts
   * it into at most {@link #BUCKETS} buckets (an hour in 1-minute buckets, a day in 30-minute ones,
   * a week in 3-hour ones); an open window (no {@code since}) in hours.
   */
  static long bucketWidth(Long since, Long until, long now) {
    if (since == null) {
      return 3_600_000L;
    }
    long window = Math.max(1, (until == null ? Math.max(now, since + 1) : until) - since);
    for (long width : BUCKET_WIDTHS) {
      if (window / width <= BUCKETS) {
        return width;
      }
    }
    return BUCKET_WIDTHS[BUCKET_WIDTHS.length - 1];
  }

  private void correlations(Context ctx) {
    Params p = new Params(ctx, clock);
    SummaryFilter filter =
        new SummaryFilter(
            TimelineId.Kind.CORRELATION,
            p.oneOf("status", Vocabulary.CORRELATION_STATUSES),
            null,
            null,
            p.name("service"),
            p.time("since"),
            p.time("until"));
    checkWindow(filter.since(), filter.until());
    Page<TimelineSummary> page =
        queries.summaries(
            filter,
            p.limit(LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT),
            Cursors.decode(Cursors.Listing.SUMMARIES, p.raw("cursor")));
    json(
        ctx,
        new Views.ListPage<>(
            page.items().stream().map(Views.Correlation::of).toList(),
            Cursors.encode(Cursors.Listing.SUMMARIES, page.next()).orElse(null)));
  }

  private void search(Context ctx) {
    Params p = new Params(ctx, clock);
    SearchFilter filter =
        new SearchFilter(
            p.pattern("filter"),
            p.logGroup("log_group"),
            p.name("service"),
            p.level("level"),
            p.time("since"),
            p.time("until"));
    checkWindow(filter.since(), filter.until());
    Page<LogEvent> page =
        queries.search(
            filter,
            p.limit(SEARCH_DEFAULT_LIMIT, TimelineQueries.MAX_LIMIT),
            Cursors.decode(Cursors.Listing.SEARCH, p.raw("cursor")));
    json(
        ctx,
        new Views.SearchResult(
            page.items().stream().map(e -> Views.Event.of(e, null)).toList(),
            Cursors.encode(Cursors.Listing.SEARCH, page.next()).orElse(null)));
  }

  private void health(Context ctx) {
    HealthReport report = health.report();
    json(ctx.status(report.httpStatus()), report);
  }

  // ---- plumbing

  private static void checkWindow(Long since, Long until) {
    if (since != null && until != null && since >= until) {
      throw ApiException.badParameter("since", "must be before 'until'");
    }
  }

  /**
   * {@code view} as the JSON body: the same bytes as {@code ctx.json}, but encoded once straight to
   * UTF-8, where Javalin's mapper makes a String first (twice the copying for a page of 1 000
   * events).
   */
  private static void json(Context ctx, Object view) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(Json.write(view));
  }

  /**
   * Answers {@code problem}; when part of the body was sent already (a timeline streamed to the
   * client), the response is aborted instead: the client sees it cut off, without the last chunk
   * that would make it complete, rather than a problem appended to a 200.
   */
  private static void problem(Context ctx, Problem problem) {
    if (ctx.res().isCommitted()) {
      ServletContextRequest.getServletContextRequest(ctx.req())
          .getServletChannel()
          .abort(new IOException("response aborted after it started: " + problem.detail()));
      return;
    }
    ctx.status(problem.status()).contentType(PROBLEM_JSON).result(Json.writeString(problem));
  }

  /**
   * A random (version 4) UUID from the thread's own generator: a correlation id needs to be unique,
   * not unguessable, and {@link UUID#randomUUID} draws from the shared {@code SecureRandom}, whose
   * hashing and lock were 2 % of a small page's CPU.
   */
  static String newCorrelationId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low =
        (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
    return new UUID(high, low).toString();
  }

  static String correlationId(Context ctx) {
    String id = ctx.attribute(CORRELATION_ATTRIBUTE);
    return id == null ? "-" : id;
  }

  private void logRequest(Context ctx, Float ms, PrometheusMeterRegistry metrics) {
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    String route = endpoint == null ? "unmatched" : endpoint.path;
    timers
        .computeIfAbsent(
            new RequestKey(ctx.method().name(), route, ctx.statusCode()),
            key ->
                Timer.builder("http.server.requests")
                    .tag("method", key.method())
                    .tag("route", key.route())
                    .tag("status", String.valueOf(key.status()))
                    .register(metrics))
        .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    AccessLog accessLog = settings.accessLog();
    if (accessLog.logs(ctx.statusCode()) && ACCESS.isInfoEnabled()) {
      ACCESS.info(
          accessLog.line(
              new AccessLog.Entry(
                  Times.ISO_MILLIS.format(Instant.now(clock)),
                  correlationId(ctx),
                  ctx.method().name(),
                  ctx.path(),
                  route,
                  ctx.statusCode(),
                  ms,
                  ctx.ip())));
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = QueryApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
