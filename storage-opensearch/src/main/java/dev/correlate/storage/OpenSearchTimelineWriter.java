package dev.correlate.storage;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.store.StorageUnavailableException;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.core.store.TimelineWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * {@link TimelineWriter} on OpenSearch: events go to the daily index of their event time ({@link
 * Indices}), id = event id (an event as the stream serialized it is written as those bytes, {@link
 * Documents#event(byte[], long)}); summaries to the timeline's home ({@link
 * Indices#timelinesHome(long)}), id = timeline id, version = revision (external), through one
 * {@link BulkWriter}, whose bulks go through {@code http}. {@link #prepare()} installs the index
 * templates and the current and next homes (and upgrades a single timelines index of an earlier
 * version).
 *
 * @param <C> the caller's handle on a write's origin
 */
public final class OpenSearchTimelineWriter<C> implements TimelineWriter<C> {
  private final OpenSearchClient client;
  private final OpenSearchSettings settings;
  private final Indices indices;
  private final BulkWriter<TimelineWrite<C>> bulk;

  /**
   * The UTC day of the last event written, and its index's name: a bulk's events are nearly all of
   * one day, and formatting the name was a date formatter's work and garbage for every event.
   */
  private long lastEventDay = Long.MIN_VALUE;

  private String lastEventsIndex;

  public OpenSearchTimelineWriter(
      OpenSearchClient client,
      BlockingHttp http,
      OpenSearchSettings settings,
      BulkWriter.Settings bulk) {
    this(client, http, settings, bulk, BulkObserver.NONE);
  }

  /** A writer whose bulk requests are reported to {@code observer} (the indexer's metrics). */
  public OpenSearchTimelineWriter(
      OpenSearchClient client,
      BlockingHttp http,
      OpenSearchSettings settings,
      BulkWriter.Settings bulk,
      BulkObserver observer) {
    this.client = client;
    this.settings = settings;
    this.indices = settings.indices();
    this.bulk = new BulkWriter<>(http, bulk, observer);
  }

  @Override
  public void prepare() {
    try {
      new IndexTemplates(client, settings).install();
    } catch (StorageException e) {
      throw new StorageUnavailableException("cannot install index templates: " + e.getMessage(), e);
    }
  }

  @Override
  public void add(TimelineWrite<C> write, long nowMs) {
    if (write instanceof TimelineWrite.Event<C> e) {
      bulk.add(
          new BulkWriter.Doc<>(
              eventsIndex(e.event().timestamp()),
              e.id(),
              Documents.event(e.event()),
              e.version(),
              write),
          nowMs);
    } else if (write instanceof TimelineWrite.EventBytes<C> e) {
      bulk.add(
          new BulkWriter.Doc<>(
              eventsIndex(e.timestamp()),
              e.id(),
              Documents.event(e.json(), e.timestamp()),
              e.version(),
              write),
          nowMs);
    } else {
      TimelineWrite.Summary<C> s = (TimelineWrite.Summary<C>) write;
      bulk.add(
          new BulkWriter.Doc<>(
              indices.timelinesHome(s.summary().home()),
              s.id(),
              Documents.timeline(s.summary()),
              s.version(),
              write),
          nowMs);
    }
  }

  /** {@link Indices#eventsIndex(long)}, made once per day. */
  private String eventsIndex(long timestamp) {
    long day = Math.floorDiv(timestamp, 86_400_000L);
    if (day != lastEventDay) {
      lastEventsIndex = indices.eventsIndex(timestamp);
      lastEventDay = day;
    }
    return lastEventsIndex;
  }

  @Override
  public boolean due(long nowMs) {
    return bulk.due(nowMs);
  }

  @Override
  public int pending() {
    return bulk.pending();
  }

  @Override
  public void clear() {
    bulk.clear();
  }

  @Override
  public List<TimelineWrite.Refused<C>> flush() {
    try {
      return refused(bulk.flush());
    } catch (StorageException e) {
      throw new StorageUnavailableException(e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<List<TimelineWrite.Refused<C>>> send(Executor sender) {
    return bulk.send(sender)
        .handle(
            (rejected, failure) -> {
              if (failure == null) {
                return refused(rejected);
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              throw cause instanceof StorageException e
                  ? new StorageUnavailableException(e.getMessage(), e)
                  : new CompletionException(cause);
            });
  }

  private List<TimelineWrite.Refused<C>> refused(
      List<BulkWriter.Rejected<TimelineWrite<C>>> rejected) {
    return rejected.stream()
        .map(r -> new TimelineWrite.Refused<>(r.doc().context(), r.status(), r.reason()))
        .toList();
  }

  @Override
  public CheckResult check() {
    return OpenSearchClients.check(client);
  }
}
