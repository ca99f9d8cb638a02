package dev.correlate.storage.read;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.filter.FilterPattern;
import dev.correlate.core.filter.PatternMatcher;
import dev.correlate.core.health.CheckResult;
import dev.correlate.core.json.Json;
import dev.correlate.core.json.JsonCursor;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.EventDocuments;
import dev.correlate.core.store.EventFilter;
import dev.correlate.core.store.EventSink;
import dev.correlate.core.store.Page;
import dev.correlate.core.store.QueryTimeoutException;
import dev.correlate.core.store.SearchFilter;
import dev.correlate.core.store.SortKey;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.SummaryStats;
import dev.correlate.core.store.TimelineQueries;
import dev.correlate.core.store.TimelineSink;
import dev.correlate.storage.BlockingHttp;
import dev.correlate.storage.Documents;
import dev.correlate.storage.Indices;
import dev.correlate.storage.OpenSearchClients;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.hc.core5.http.ContentType;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.aggregations.FilterAggregate;
import org.opensearch.client.opensearch._types.query_dsl.BoolQuery;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * {@link TimelineQueries} on Correlate's OpenSearch indices (layout in {@link Indices}, mappings in
 * {@code IndexTemplates}).
 *
 * <ul>
 *   <li>A summary is read in realtime by its id ({@code job:<id>}) from every home ({@link
 *       #summary(TimelineId)}): visible as soon as the indexer wrote it, without waiting for a
 *       refresh; this is what the failure-context endpoint relies on. A timeline page ({@link
 *       #timeline}) searches it instead, in the same {@code _msearch} as the events.
 *   <li>Events and summaries are listed with {@code search_after} on a total order (time, then id),
 *       so a page continues exactly after the previous one however deep and whatever is indexed
 *       meanwhile.
 *   <li>Events are searched through the events alias with {@code ignore_unavailable}: before the
 *       first event is indexed there is no index, and that is an empty result, not an error.
 *   <li>Searches (pages and listings) go through {@link BlockingHttp}, answered on the calling
 *       thread, and their hits are read from the answer's bytes; the realtime summary read and the
 *       aggregations go through the typed client.
 * </ul>
 *
 * Unreachable, throttled (429) or failing (5xx) OpenSearch gives {@link
 * StorageUnavailableException}.
 *
 * <p>Every search is bounded: OpenSearch stops its query phase after {@link #SEARCH_TIMEOUT} and
 * cancels the whole search task after {@link #CANCEL_AFTER}; a search that timed out or was
 * cancelled gives {@link QueryTimeoutException} (never a silently partial page). A listing
 * re-checked in Java reads batches of at least {@link #RECHECK_BATCH} hits (so {@code limit=1}
 * costs at most {@code MAX_RECHECK_SCAN / RECHECK_BATCH} round trips), and stops at {@link
 * #RECHECK_DEADLINE} with what it has and a cursor to continue.
 */
public final class OpenSearchTimelineQueries implements TimelineQueries {
  /** Hits read at most per request when a pattern must be re-checked in Java. */
  static final int MAX_RECHECK_SCAN = 20_000;

  /** Hits read per round trip, at least, when a pattern must be re-checked in Java. */
  static final int RECHECK_BATCH = 500;

  /** A re-checked listing returns what it found, with a cursor, once it has spent this long. */
  static final Duration RECHECK_DEADLINE = Duration.ofSeconds(10);

  /** OpenSearch's {@code timeout}: the query phase of a search stops after this long. */
  static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(10);

  /**
   * OpenSearch's {@code cancel_after_time_interval}: the whole search task is cancelled after this
   * long.
   */
  static final Duration CANCEL_AFTER = Duration.ofSeconds(15);

  private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

  /** Before the first event is indexed there is no index: an empty result, not an error. */
  private static final Map<String, String> SEARCH_PARAMS =
      Map.of(
          "ignore_unavailable",
          "true",
          "allow_no_indices",
          "true",
          "cancel_after_time_interval",
          CANCEL_AFTER.toSeconds() + "s");

  /**
   * Statuses and categories are small vocabularies; more distinct values than this would be a bug
   * upstream.
   */
  private static final int MAX_TERMS = 100;

  private static final String STATUSES = "statuses";
  private static final String FAILING = "failing";
  private static final String CATEGORIES = "categories";
  private static final String SERVICES = "services";
  private static final String BUCKETS = "buckets";
  private static final String COPIES = "copies";
  private static final String LATEST = "latest";

  /** How long a list of the homes is used before it is read again for a summary by id. */
  static final Duration HOMES_FRESH = Duration.ofSeconds(1);

  private final OpenSearchClient client;
  private final BlockingHttp searches;
  private final Indices indices;
  private final PageSearches pages;
  private final BlockingHttp.Target multiSearch;
  private final BlockingHttp.Target realtimeGet;

  /** The search of each index searched (the timelines and the events alias), by name. */
  private final Map<String, BlockingHttp.Target> searchOf;

  private volatile Homes homes;

  /**
   * @param client the typed client, for realtime reads and aggregations
   * @param searches the blocking client every search (pages, listings) is sent through, to the same
   *     node
   */
  public OpenSearchTimelineQueries(
      OpenSearchClient client, BlockingHttp searches, Indices indices) {
    this.client = Objects.requireNonNull(client, "client");
    this.searches = Objects.requireNonNull(searches, "searches");
    this.indices = Objects.requireNonNull(indices, "indices");
    this.pages =
        new PageSearches(
            indices.timelines(), indices.eventsAlias(), SEARCH_TIMEOUT.toSeconds() + "s");
    this.multiSearch = searches.target("/_msearch", SEARCH_PARAMS);
    this.realtimeGet = searches.target("/_mget", Map.of());
    this.searchOf =
        Map.of(
            indices.timelines(),
            searches.target("/" + indices.timelines() + "/_search", SEARCH_PARAMS),
            indices.eventsAlias(),
            searches.target("/" + indices.eventsAlias() + "/_search", SEARCH_PARAMS));
  }

  /**
   * Realtime, as a GET by id: one {@code _mget} naming the timeline in every home, the highest
   * revision found wins (a timeline purged from state and reopened later has a copy in an older
   * home too). The homes are the indices behind the timelines alias, listed again when the list is
   * older than {@link #HOMES_FRESH} and whenever a read finds nothing or names an index that
   * changed, so a timeline written to a home made since the list was read is still found at once.
   * Before the upgrade of an earlier version's single timelines index there is no alias: that index
   * is read instead, so reads work before, during and after the upgrade.
   */
  @Override
  public Optional<TimelineSummary> summary(TimelineId id) {
    Homes known = homes;
    boolean listedNow = false;
    if (known == null || System.nanoTime() - known.listedAt() > HOMES_FRESH.toNanos()) {
      known = listHomes();
      listedNow = true;
    }
    Lookup first = lookup(known.names(), id);
    if (first.error() == null && (first.summary().isPresent() || listedNow)) {
      return first.summary();
    }
    Homes fresh = listedNow ? known : listHomes();
    if (first.error() == null && fresh.names().equals(known.names())) {
      return first.summary();
    }
    Lookup second = first.error() == null || !listedNow ? lookup(fresh.names(), id) : first;
    if (second.error() != null) {
      throw new StorageUnavailableException(
          "reading " + id + " from the timelines indices failed: " + second.error(), null);
    }
    return second.summary();
  }

  /** The homes behind the timelines alias, as listed at {@code listedAt} ({@code nanoTime}). */
  private record Homes(List<String> names, long listedAt) {}

  /** What one {@code _mget} found, or the first error it answered for one of the indices. */
  private record Lookup(Optional<TimelineSummary> summary, String error) {}

  /**
   * The homes behind the timelines alias, now; without the alias, the single timelines index of an
   * earlier version (absent before anything was written, which reads as not found).
   */
  private Homes listHomes() {
    List<String> names =
        call(
            () -> {
              Request request =
                  Requests.builder()
                      .method("GET")
                      .endpoint("/_alias/" + indices.timelines())
                      .build();
              try (Response response = client.generic().execute(request)) {
                if (response.getStatus() == 404) {
                  return List.of(indices.timelines());
                }
                byte[] body = response.getBody().map(Body::bodyAsBytes).orElse(new byte[0]);
                if (response.getStatus() != 200) {
                  throw new IOException(
                      "listing the timelines indices answered "
                          + response.getStatus()
                          + ": "
                          + new String(body, StandardCharsets.UTF_8));
                }
                List<String> listed = new ArrayList<>();
                Json.mapper().readTree(body).fieldNames().forEachRemaining(listed::add);
                listed.sort(null);
                return List.copyOf(listed);
              }
            });
    Homes listed = new Homes(names, System.nanoTime());
    homes = listed;
    return listed;
  }

  /** The highest revision of {@code id} in {@code names}, read in realtime by one {@code _mget}. */
  private Lookup lookup(List<String> names, TimelineId id) {
    if (names.isEmpty()) {
      return new Lookup(Optional.empty(), null);
    }
    List<Map<String, String>> docs =
        names.stream().map(index -> Map.of("_index", index, "_id", id.toString())).toList();
    JsonNode response =
        call(
            () ->
                Json.mapper()
                    .readTree(
                        execute(
                            realtimeGet,
                            Json.write(Map.of("docs", docs)),
                            ContentType.APPLICATION_JSON)));
    JsonNode latest = null;
    for (JsonNode doc : response.path("docs")) {
      JsonNode error = doc.path("error");
      if (!error.isMissingNode()) {
        // an index deleted by retention since it was listed holds nothing any more
        if (!"index_not_found_exception".equals(error.path("type").asText())) {
          return new Lookup(Optional.empty(), doc.path("_index").asText() + ": " + error);
        }
      } else if (doc.path("found").asBoolean()
          && (latest == null || doc.path("_version").asLong() > latest.path("_version").asLong())) {
        latest = doc;
      }
    }
    return new Lookup(
        latest == null
            ? Optional.empty()
            : Optional.of(convert((ObjectNode) latest.path("_source"), TimelineSummary.class)),
        null);
  }

  /**
   * The summary and the events page in one {@code _msearch}: one round trip, and the node runs both
   * searches at once. The summary is searched, not read by id: the timelines index name may be an
   * alias over several indices (a timeline reopened after a rollover has a document in each), where
   * the highest {@code revision} is the latest. A pattern that must be re-checked in Java reads its
   * page as records, after the summary's search.
   */
  @Override
  public Optional<SortKey> timeline(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, TimelineSink sink) {
    if (PatternQueries.needsRecheck(filter.pattern())) {
      search(indices.timelines(), summaryRequest(id), summaryVisitor(sink));
      return EventDocuments.handOver(events(id, filter, limit, after), Documents::event, sink);
    }
    int size = Math.min(limit + 1, MAX_LIMIT); // one more tells whether there is a next page
    StreamedPage page = new StreamedPage(limit, sink);
    multiSearch(
        pages.timelinePage(id, filter, size, after, this::serialize),
        List.of(summaryVisitor(sink), page));
    return page.read < size ? Optional.empty() : Optional.of(lastShown(page));
  }

  /**
   * The summary search as the typed client writes it: the timeline's documents, the highest {@code
   * revision} first ({@link PageSearches} writes the same in a page's {@code _msearch}).
   */
  static SearchRequest summaryRequest(TimelineId id) {
    return new SearchRequest.Builder()
        .query(q -> q.ids(i -> i.values(id.toString())))
        .size(1)
        .timeout(SEARCH_TIMEOUT.toSeconds() + "s")
        .trackTotalHits(t -> t.enabled(false))
        .sort(sort("revision", SortOrder.Desc))
        .build();
  }

  /**
   * Hands the summary search's hit (its stored document, unbound), or its absence, to {@code sink}.
   */
  private static HitVisitor summaryVisitor(TimelineSink sink) {
    return new HitVisitor() {
      private boolean handed;

      @Override
      public void accept(byte[] bytes, int from, int to) throws IOException {
        handed = true;
        sink.summary(bytes, from, to);
      }

      @Override
      public void done() throws IOException {
        if (!handed) {
          sink.summary(Optional.empty());
        }
      }
    };
  }

  @Override
  public Page<LogEvent> events(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after) {
    return searchEvents(eventsQuery(id, filter), filter.pattern(), SortOrder.Asc, limit, after);
  }

  /**
   * Each hit's {@code _source} goes from the response's bytes to {@code sink} unbound, in one
   * search; a pattern that must be re-checked in Java needs the records, so that page is read as
   * records and handed over as such.
   */
  @Override
  public Optional<SortKey> events(
      TimelineId id, EventFilter filter, int limit, Optional<SortKey> after, EventSink sink) {
    if (PatternQueries.needsRecheck(filter.pattern())) {
      return EventDocuments.handOver(events(id, filter, limit, after), Documents::event, sink);
    }
    int size = Math.min(limit + 1, MAX_LIMIT); // one more tells whether there is a next page
    StreamedPage page = new StreamedPage(limit, sink);
    search(indices.eventsAlias(), pages.events(id, filter, size, after, this::serialize), page);
    // as the record path: a short read is the last page; a full one continues after the last event
    // shown
    return page.read < size ? Optional.empty() : Optional.of(lastShown(page));
  }

  /**
   * Hands the first {@code limit} hits to a sink and remembers the position of the last of them:
   * where its sort values are in the response, read once the page is complete (only the last hit
   * shown makes the cursor).
   */
  private static final class StreamedPage implements HitVisitor {
    private final int limit;
    private final EventSink sink;
    private int read;
    private byte[] bytes;
    private int lastSort = -1;

    StreamedPage(int limit, EventSink sink) {
      this.limit = limit;
      this.sink = sink;
    }

    @Override
    public void accept(byte[] bytes, int from, int to) throws IOException {
      if (read < limit) {
        sink.accept(bytes, from, to);
      }
    }

    @Override
    public int acceptUpTo(byte[] bytes, int from, int end) throws IOException {
      // the sink walks a shown document anyway: it says where it ended
      return read < limit
          ? sink.acceptUpTo(bytes, from, end)
          : HitVisitor.super.acceptUpTo(bytes, from, end);
    }

    @Override
    public void sort(byte[] bytes, int from) {
      if (read < limit) {
        this.bytes = bytes;
        lastSort = from;
      }
    }

    @Override
    public void end() {
      read++;
    }

    /** The position of the last hit handed over. */
    SortKey lastShown() throws IOException {
      if (lastSort < 0) {
        throw new IOException("unexpected search response: a hit without sort values");
      }
      try (JsonParser parser =
          Json.mapper().createParser(bytes, lastSort, bytes.length - lastSort)) {
        parser.nextToken();
        return sortKey(parser);
      }
    }
  }

  private static SortKey lastShown(StreamedPage page) {
    return call(page::lastShown);
  }

  /**
   * A timeline's events narrowed by {@code filter}, as the typed client writes it (the record path;
   * {@link PageSearches} writes the same for a streamed page).
   */
  static BoolQuery eventsQuery(TimelineId id, EventFilter filter) {
    String idField = id.kind() == TimelineId.Kind.JOB ? "job_ids" : "correlation_ids";
    BoolQuery.Builder bool =
        new BoolQuery.Builder()
            .filter(q -> q.term(t -> t.field(idField).value(FieldValue.of(id.id()))));
    if (!filter.services().isEmpty()) {
      bool.filter(
          q ->
              q.terms(
                  t ->
                      t.field("service")
                          .terms(v -> v.value(PatternQueries.values(filter.services())))));
    }
    minLevel(bool, filter.minLevel());
    PatternQueries.of(filter.pattern()).ifPresent(bool::filter);
    return bool.build();
  }

  @Override
  public Page<LogEvent> search(SearchFilter filter, int limit, Optional<SortKey> after) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (filter.logGroup() != null) {
      bool.filter(q -> q.term(t -> t.field("log_group").value(FieldValue.of(filter.logGroup()))));
    }
    if (filter.service() != null) {
      bool.filter(q -> q.term(t -> t.field("service").value(FieldValue.of(filter.service()))));
    }
    minLevel(bool, filter.minLevel());
    timeRange(bool, "timestamp", filter.since(), "timestamp", filter.until());
    PatternQueries.of(filter.pattern()).ifPresent(bool::filter);
    return searchEvents(bool.build(), filter.pattern(), SortOrder.Desc, limit, after);
  }

  /**
   * A page of the alias, each timeline once: a copy that a higher revision in another home replaces
   * (a timeline purged from state and reopened later, {@link #latestCopies}) is skipped. Not {@code
   * collapse} on {@code timeline_id}: OpenSearch refuses {@code collapse} with {@code
   * search_after}, which every listing pages with.
   */
  @Override
  public Page<TimelineSummary> summaries(SummaryFilter filter, int limit, Optional<SortKey> after) {
    return page(
        indices.timelines(),
        summariesQuery(filter),
        "last_event_at",
        "timeline_id",
        SortOrder.Desc,
        limit,
        after,
        TimelineSummary.class,
        s -> new SortKey(s.lastEventAt(), s.timelineId()),
        this::latestCopies,
        0);
  }

  /**
   * Which of {@code hits} are their timeline's latest copy: one search without hits over the alias
   * for the ids of the batch, whose {@code terms} on {@code timeline_id} keeps only ids with
   * documents in more than one home, each with its highest revision. One round trip per batch; a
   * copy replaced by another one that the listing's filter does not match is skipped too, since
   * only the latest revision is the timeline.
   */
  private Predicate<TimelineSummary> latestCopies(List<TimelineSummary> hits) {
    List<String> ids = hits.stream().map(TimelineSummary::timelineId).distinct().toList();
    if (ids.isEmpty()) {
      return s -> true;
    }
    SearchRequest request =
        new SearchRequest.Builder()
            .index(indices.timelines())
            .ignoreUnavailable(true)
            .allowNoIndices(true)
            .query(
                q ->
                    q.terms(
                        t ->
                            t.field("timeline_id").terms(v -> v.value(PatternQueries.values(ids)))))
            .timeout(SEARCH_TIMEOUT.toSeconds() + "s")
            .cancelAfterTimeInterval(t -> t.time(CANCEL_AFTER.toSeconds() + "s"))
            .size(0)
            .trackTotalHits(t -> t.enabled(false))
            .aggregations(
                COPIES,
                a ->
                    a.terms(t -> t.field("timeline_id").size(ids.size()).minDocCount(2L))
                        .aggregations(LATEST, l -> l.max(m -> m.field("revision"))))
            .build();
    SearchResponse<Void> response = call(() -> client.search(request, Void.class));
    if (response.timedOut()) {
      throw timedOut(null);
    }
    Map<String, Long> latest = new TreeMap<>();
    Aggregate copies = response.aggregations().get(COPIES);
    if (copies != null && copies.isSterms()) {
      copies
          .sterms()
          .buckets()
          .array()
          .forEach(
              b -> latest.put(b.key(), b.aggregations().get(LATEST).max().value().longValue()));
    }
    return s -> s.revision() >= latest.getOrDefault(s.timelineId(), Long.MIN_VALUE);
  }

  private static BoolQuery summariesQuery(SummaryFilter filter) {
    BoolQuery.Builder bool =
        new BoolQuery.Builder()
            .filter(q -> q.term(t -> t.field("kind").value(FieldValue.of(filter.kind().prefix()))));
    termIfSet(bool, "status", filter.status());
    termIfSet(bool, "diagnosis.stage", filter.stage());
    termIfSet(bool, "diagnosis.category", filter.category());
    termIfSet(bool, "service_names", filter.service());
    // a timeline is in the window when it overlaps it
    timeRange(bool, "last_event_at", filter.since(), "first_event_at", filter.until());
    return bool.build();
  }

  /**
   * One search without hits over the summaries {@link #summaries} would page through: terms on
   * {@code status}, a filter on the failing statuses with terms on {@code diagnosis.category} and
   * {@code first_error.service}, and a {@code date_histogram} on {@code last_event_at} with the
   * same two inside. The terms counts are exact on any number of shards as long as each shard has
   * at most {@link #MAX_TERMS} distinct values of the field (every shard then returns all of its
   * own: statuses and categories are a handful, failing services a few dozen); a fixed interval in
   * milliseconds starts its buckets at whole multiples since the epoch.
   */
  @Override
  public SummaryStats stats(SummaryStats.Query query) {
    Query failing =
        Query.of(
            q ->
                q.terms(
                    t ->
                        t.field("status")
                            .terms(v -> v.value(PatternQueries.values(query.failing())))));
    Aggregation failingCategories =
        Aggregation.of(
            a ->
                a.filter(failing).aggregations(CATEGORIES, terms("diagnosis.category", MAX_TERMS)));
    SearchRequest request =
        new SearchRequest.Builder()
            .index(indices.timelines())
            .ignoreUnavailable(true)
            .allowNoIndices(true)
            .query(q -> q.bool(summariesQuery(query.filter())))
            .timeout(SEARCH_TIMEOUT.toSeconds() + "s")
            .cancelAfterTimeInterval(t -> t.time(CANCEL_AFTER.toSeconds() + "s"))
            .size(0)
            .trackTotalHits(t -> t.enabled(true))
            .aggregations(STATUSES, terms("status", MAX_TERMS))
            .aggregations(
                FAILING,
                a ->
                    a.filter(failing)
                        .aggregations(CATEGORIES, terms("diagnosis.category", MAX_TERMS))
                        .aggregations(
                            SERVICES, terms("first_error.service", SummaryStats.TOP_SERVICES)))
            .aggregations(
                BUCKETS,
                a ->
                    a.dateHistogram(
                            h ->
                                h.field("last_event_at")
                                    .fixedInterval(i -> i.time(query.bucketMs() + "ms"))
                                    .minDocCount(1))
                        .aggregations(STATUSES, terms("status", MAX_TERMS))
                        .aggregations(FAILING, failingCategories))
            .build();
    SearchResponse<Void> response = call(() -> client.search(request, Void.class));
    if (response.timedOut()) {
      throw timedOut(null);
    }
    Map<String, Aggregate> aggregations = response.aggregations();
    // no timelines index yet: OpenSearch answers without aggregations
    if (!aggregations.containsKey(FAILING)) {
      return SummaryStats.EMPTY;
    }
    FilterAggregate failed = aggregations.get(FAILING).filter();
    List<SummaryStats.Bucket> buckets =
        aggregations.get(BUCKETS).dateHistogram().buckets().array().stream()
            .map(
                b ->
                    new SummaryStats.Bucket(
                        b.key(),
                        counts(b.aggregations().get(STATUSES)),
                        counts(
                            b.aggregations().get(FAILING).filter().aggregations().get(CATEGORIES))))
            .toList();
    List<SummaryStats.ServiceCount> services =
        counts(failed.aggregations().get(SERVICES)).entrySet().stream()
            .map(e -> new SummaryStats.ServiceCount(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(SummaryStats.ServiceCount::count)
                    .reversed()
                    .thenComparing(SummaryStats.ServiceCount::service))
            .toList();
    long total = response.hits().total() == null ? 0 : response.hits().total().value();
    return new SummaryStats(
        total,
        counts(aggregations.get(STATUSES)),
        counts(failed.aggregations().get(CATEGORIES)),
        buckets,
        services);
  }

  /**
   * Terms on a keyword field, most frequent first and ties by key, so that a top-n cut is
   * deterministic; each shard returns up to {@link #MAX_TERMS} of its own (OpenSearch's default is
   * 1.5 × size + 10), so that a top-n of a timelines index with several shards
   * (CORRELATE_TIMELINES_SHARDS) still counts every document.
   */
  private static Aggregation terms(String field, int size) {
    return Aggregation.of(
        a ->
            a.terms(
                t ->
                    t.field(field)
                        .size(size)
                        .shardSize(Math.max(size, MAX_TERMS))
                        .order(
                            List.of(
                                Map.of("_count", SortOrder.Desc), Map.of("_key", SortOrder.Asc)))));
  }

  private static Map<String, Long> counts(Aggregate terms) {
    Map<String, Long> counts = new TreeMap<>();
    if (terms
        .isSterms()) { // an unmapped field (no index yet) answers with another kind of empty terms
      terms.sterms().buckets().array().forEach(b -> counts.put(b.key(), b.docCount()));
    }
    return counts;
  }

  @Override
  public CheckResult check() {
    return OpenSearchClients.check(client);
  }

  private Page<LogEvent> searchEvents(
      BoolQuery query, FilterPattern pattern, SortOrder order, int limit, Optional<SortKey> after) {
    return page(
        indices.eventsAlias(),
        query,
        "timestamp",
        "event_id",
        order,
        limit,
        after,
        LogEvent.class,
        e -> new SortKey(e.timestamp(), e.eventId()),
        PatternQueries.needsRecheck(pattern)
            ? hits -> e -> PatternMatcher.matches(pattern, e)
            : null,
        RECHECK_BATCH);
  }

  /**
   * One page in (time, id) order after {@code after}. With a {@code recheck} (given each batch of
   * hits, it says which of them to keep), hits that fail it are skipped and further batches (of
   * {@code minBatch} hits at least) are read until the page is full, the listing ends, {@link
   * #MAX_RECHECK_SCAN} hits were read or {@link #RECHECK_DEADLINE} passed; the next cursor is then
   * the position of the last hit read, so the client continues from there.
   */
  private <T> Page<T> page(
      String index,
      BoolQuery query,
      String timeField,
      String idField,
      SortOrder order,
      int limit,
      Optional<SortKey> after,
      Class<T> type,
      Function<T, SortKey> key,
      Function<List<T>, Predicate<T>> recheck,
      int minBatch) {
    int size = Math.min(limit + 1, MAX_LIMIT); // one more tells whether there is a next page
    int batch = recheck == null ? size : Math.max(size, minBatch);
    long deadline = System.nanoTime() + RECHECK_DEADLINE.toNanos();
    List<T> items = new ArrayList<>();
    Optional<SortKey> position = after;
    int scanned = 0;
    while (true) {
      List<T> hits =
          search(index, request(query, timeField, idField, order, batch, position), type);
      Predicate<T> keep = recheck == null ? item -> true : recheck.apply(hits);
      for (T item : hits) {
        position = Optional.of(key.apply(item));
        scanned++;
        if (keep.test(item)) {
          items.add(item);
          if (items.size() > limit) {
            List<T> shown = items.subList(0, limit);
            return new Page<>(shown, Optional.of(key.apply(shown.get(limit - 1))));
          }
        }
      }
      if (hits.size() < batch) {
        return new Page<>(items, Optional.empty());
      }
      if (recheck == null || scanned >= MAX_RECHECK_SCAN || System.nanoTime() > deadline) {
        // at MAX_LIMIT no extra hit could be asked for; a full page then offers a next one, which
        // may be empty
        return new Page<>(items, position);
      }
    }
  }

  /** The hits' sources of one search, each bound to {@code type}. */
  private <T> List<T> search(String index, SearchRequest request, Class<T> type) {
    List<T> sources = new ArrayList<>();
    search(index, request, (bytes, from, to) -> sources.add(readSource(bytes, from, to, type)));
    return sources;
  }

  /**
   * One search, its hits read straight from the response bytes by {@code visitor}. The body is the
   * typed client's own serialization of {@code request} (so every value a client sent is escaped by
   * it), sent through {@link BlockingHttp}; the response skips the typed client's model, whose
   * JSON-P trees, then Jackson trees, then records cost as much again as the search itself on a
   * page of 1 000 events.
   */
  private void search(String index, SearchRequest request, HitVisitor visitor) {
    search(index, serialize(request), visitor);
  }

  /** One search whose body is {@code body}, its hits read by {@code visitor}. */
  private void search(String index, byte[] body, HitVisitor visitor) {
    call(
        () -> {
          byte[] bytes =
              execute(
                  Objects.requireNonNull(searchOf.get(index), index),
                  body,
                  ContentType.APPLICATION_JSON);
          response(new JsonCursor(bytes, 0, bytes.length), bytes, visitor);
          return null;
        });
  }

  /**
   * Several searches in one {@code _msearch} round trip ({@code ndjson}), the {@code i}-th read by
   * {@code visitors[i]}, in order: the node answers them in the order asked, each with the hits or
   * the error a search alone would have given.
   */
  private void multiSearch(byte[] ndjson, List<HitVisitor> visitors) {
    call(
        () -> {
          byte[] bytes = execute(multiSearch, ndjson, NDJSON);
          JsonCursor in = new JsonCursor(bytes, 0, bytes.length);
          expect(in, '{');
          while (in.nextName()) {
            if (!in.nameIs(RESPONSES)) {
              in.skipValue();
              continue;
            }
            expect(in, '[');
            for (HitVisitor visitor : visitors) {
              if (!in.nextElement()) {
                throw new IOException("unexpected search response: fewer answers than searches");
              }
              response(in, bytes, visitor);
            }
            if (in.nextElement()) {
              throw new IOException("unexpected search response: more answers than searches");
            }
          }
          return null;
        });
  }

  /** {@code value} (a request or a query) as the typed client would send it. */
  private byte[] serialize(JsonpSerializable value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonpMapper jsonp = client._transport().jsonpMapper();
    try (JsonGenerator body = jsonp.jsonProvider().createGenerator(out)) {
      value.serialize(body, jsonp);
    }
    return out.toByteArray();
  }

  /**
   * The body of the answer to a read ({@link #SEARCH_PARAMS} on the URL of a search, none on a
   * realtime {@code _mget}), refused as the typed client would refuse it unless 200.
   */
  private byte[] execute(BlockingHttp.Target target, byte[] body, ContentType type)
      throws IOException {
    BlockingHttp.Answer answer = searches.post(target, body, type);
    if (answer.status() != 200) {
      if (answer.body().length == 0) {
        throw new IOException("OpenSearch answered " + answer.status() + " without a body");
      }
      throw new OpenSearchException(
          Bodies.json(
              Body.from(answer.body(), "application/json"),
              ErrorResponse._DESERIALIZER,
              client._transport().jsonpMapper()));
    }
    return answer.body();
  }

  /**
   * What a search reads of each element of {@code hits.hits}, in order; everything else is skipped.
   */
  private interface HitVisitor extends EventSink {
    /**
     * The hit's {@code _source}, {@code bytes[from, to)} ({@link #acceptUpTo}: its end located
     * first, unless the visitor walks it and says where it ended).
     */
    @Override
    void accept(byte[] bytes, int from, int to) throws IOException;

    /** The hit's {@code sort} values: their {@code '['} is at {@code bytes[from]}. */
    default void sort(byte[] bytes, int from) {}

    /** After the hit's last property. */
    default void end() {}

    /** After the last hit of a search that succeeded. */
    default void done() throws IOException {}
  }

  private static final byte[] RESPONSES = ascii("responses");
  private static final byte[] TIMED_OUT = ascii("timed_out");
  private static final byte[] HITS = ascii("hits");
  private static final byte[] ERROR = ascii("error");
  private static final byte[] STATUS = ascii("status");
  private static final byte[] SOURCE = ascii("_source");
  private static final byte[] SORT = ascii("sort");

  /**
   * One search response (alone, or an element of {@code _msearch}'s {@code responses}): the cursor
   * is before its {@code '{'}; reads up to its end. The answer is walked with a {@link JsonCursor},
   * not a tokenizer: the hits' sources are located, not read, so that a sink copies their bytes and
   * nothing reads them twice. A response that says it timed out holds part of the hits: refused
   * before any of them is handed over ({@code timed_out} comes before {@code hits}); an element of
   * {@code _msearch} that failed holds its {@code error}, refused as that search alone would have
   * been.
   */
  private void response(JsonCursor in, byte[] bytes, HitVisitor visitor) throws IOException {
    expect(in, '{');
    int error = -1;
    int errorEnd = -1;
    int status = 200;
    while (in.nextName()) {
      if (in.nameIs(TIMED_OUT)) {
        if (in.peek() == 't') {
          throw timedOut(null);
        }
        in.skipValue();
      } else if (in.nameIs(HITS)) {
        expect(in, '{');
        while (in.nextName()) {
          if (in.nameIs(HITS)) {
            expect(in, '[');
            while (in.nextElement()) {
              hit(in, bytes, visitor);
            }
          } else {
            in.skipValue();
          }
        }
      } else if (in.nameIs(ERROR)) {
        error = in.skipValue();
        errorEnd = in.position();
      } else if (in.nameIs(STATUS)) {
        int from = in.skipValue();
        status = Integer.parseInt(new String(bytes, from, in.position() - from, US_ASCII));
      } else {
        in.skipValue();
      }
    }
    if (error >= 0) {
      byte[] refusal =
          Json.write(
              Map.of(
                  "error",
                  Json.mapper().readTree(bytes, error, errorEnd - error),
                  "status",
                  status));
      throw new OpenSearchException(
          Bodies.json(
              Body.from(refusal, "application/json"),
              ErrorResponse._DESERIALIZER,
              client._transport().jsonpMapper()));
    }
    visitor.done();
  }

  private static QueryTimeoutException timedOut(Throwable cause) {
    return new QueryTimeoutException(
        "OpenSearch did not finish the search within " + SEARCH_TIMEOUT.toSeconds() + " s", cause);
  }

  /**
   * One element of {@code hits.hits}: the cursor is before its {@code '{'}; reads up to its end.
   */
  private static void hit(JsonCursor in, byte[] bytes, HitVisitor visitor) throws IOException {
    expect(in, '{');
    boolean hasSource = false;
    while (in.nextName()) {
      if (in.nameIs(SOURCE)) {
        if (in.peek() != '{') {
          throw new IOException("unexpected search response: a _source that is not an object");
        }
        in.skipTo(visitor.acceptUpTo(bytes, in.position(), bytes.length));
        hasSource = true;
      } else if (in.nameIs(SORT)) {
        if (in.peek() != '[') {
          throw new IOException("unexpected search response: sort values that are not a list");
        }
        visitor.sort(bytes, in.skipValue());
      } else {
        in.skipValue();
      }
    }
    if (!hasSource) {
      throw new IllegalStateException("a search hit has no _source");
    }
    visitor.end();
  }

  /** Steps over {@code expected}, the next token's first byte. */
  private static void expect(JsonCursor in, char expected) throws IOException {
    if (in.peek() != expected) {
      throw new IOException("unexpected search response: no '" + expected + "' where it belongs");
    }
    in.expect(expected);
  }

  private static byte[] ascii(String name) {
    return name.getBytes(US_ASCII);
  }

  /** A hit's sort values {@code [time, id]} as its position. */
  private static SortKey sortKey(JsonParser parser) throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY);
    expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
    long time = parser.getLongValue();
    expect(parser.nextToken(), JsonToken.VALUE_STRING);
    String id = parser.getText();
    expect(parser.nextToken(), JsonToken.END_ARRAY);
    return new SortKey(time, id);
  }

  private static <T> T readSource(byte[] bytes, int from, int to, Class<T> type) {
    try {
      return Json.mapper().readValue(bytes, from, to - from, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored document is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException(
          "unexpected search response: " + actual + " where " + expected + " belongs");
    }
  }

  static SearchRequest request(
      BoolQuery query,
      String timeField,
      String idField,
      SortOrder order,
      int size,
      Optional<SortKey> after) {
    SearchRequest.Builder request =
        new SearchRequest.Builder()
            .query(q -> q.bool(query))
            .size(size)
            .timeout(SEARCH_TIMEOUT.toSeconds() + "s")
            .trackTotalHits(t -> t.enabled(false))
            .sort(sort(timeField, order), sort(idField, order));
    after.ifPresent(k -> request.searchAfter(FieldValue.of(k.time()), FieldValue.of(k.id())));
    return request.build();
  }

  private static SortOptions sort(String field, SortOrder order) {
    return SortOptions.of(s -> s.field(f -> f.field(field).order(order)));
  }

  private static void minLevel(BoolQuery.Builder bool, Level min) {
    if (min != null) {
      List<String> levels =
          Arrays.stream(Level.values())
              .filter(l -> l.compareTo(min) >= 0)
              .map(Level::name)
              .toList();
      bool.filter(
          q -> q.terms(t -> t.field("level").terms(v -> v.value(PatternQueries.values(levels)))));
    }
  }

  private static void termIfSet(BoolQuery.Builder bool, String field, String value) {
    if (value != null) {
      bool.filter(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }
  }

  private static void timeRange(
      BoolQuery.Builder bool, String sinceField, Long since, String untilField, Long until) {
    if (since != null) {
      bool.filter(q -> q.range(r -> r.field(sinceField).gte(JsonData.of(since))));
    }
    if (until != null) {
      bool.filter(q -> q.range(r -> r.field(untilField).lt(JsonData.of(until))));
    }
  }

  private static <T> T convert(ObjectNode source, Class<T> type) {
    try {
      return Json.mapper().treeToValue(source, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored document is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(ErrorCause error) {
    StringBuilder out = new StringBuilder(error.type() + ": " + error.reason());
    error
        .rootCause()
        .forEach(c -> out.append("; root cause ").append(c.type()).append(": ").append(c.reason()));
    if (error.causedBy() != null) {
      out.append("; caused by ").append(describe(error.causedBy()));
    }
    return out.toString();
  }

  /** An OpenSearch call whose transport failures mean "unavailable", not "bug". */
  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw new StorageUnavailableException("cannot reach OpenSearch: " + e.getMessage(), e);
    } catch (OpenSearchException e) {
      if (describe(e.error()).contains("task_cancelled_exception")) {
        throw timedOut(e);
      }
      if (e.status() == 429 || e.status() >= 500) {
        throw new StorageUnavailableException(
            "OpenSearch answered " + e.status() + ": " + e.getMessage(), e);
      }
      // a query OpenSearch refuses is a bug of ours: keep its whole explanation for the log
      throw new IllegalStateException("OpenSearch refused a query: " + describe(e.error()), e);
    }
  }
}
