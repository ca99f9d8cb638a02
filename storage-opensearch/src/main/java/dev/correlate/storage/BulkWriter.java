package dev.correlate.storage;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.store.StorageUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.hc.core5.http.ContentType;

/**
 * Writes documents to OpenSearch in bulk, idempotently, and classifies what failed.
 *
 * <p>Documents are buffered with {@link #add}; {@link #due} says when the buffer is full
 * (operations or bytes) or old enough, and {@link #flush} sends it. Every write is an {@code index}
 * by a deterministic id, so a replay overwrites itself. A document with an external version
 * (timeline summaries: version = revision) is written with {@code version_type=external}:
 * OpenSearch keeps the highest version, and a 409 means "a newer or equal revision is already
 * stored", which is success. Within one buffer, only the last document per index and id is sent
 * (for versioned documents, the highest version).
 *
 * <p>Failures are classified. Throttling (429), server errors (5xx) and connection errors are
 * transient: the affected documents are retried with capped exponential backoff; if they still fail
 * after {@link Settings#maxAttempts()} attempts, {@link #flush} throws {@link StorageException} and
 * keeps them buffered, so the caller neither commits nor loses them. Any other 4xx on a document is
 * permanent: the document is returned as {@link Rejected} with OpenSearch's reason, for the caller
 * to dead-letter.
 *
 * <p>Every answered request and every document not acknowledged is reported to a {@link
 * BulkObserver}.
 *
 * <p>Requests go through {@link BlockingHttp} on the thread that writes the bulk: the body is sent
 * as {@link #ndjson} wrote it, and of the answer the {@code errors} flag is read first, the items
 * only when it is true.
 *
 * <p>Not thread-safe: one writer per consumer loop. A bulk taken by {@link #send} is written on the
 * sender's thread, apart from the buffer, while the loop buffers the next.
 *
 * @param <C> what the caller attaches to a document to find its source again (for example the Kafka
 *     record)
 */
public final class BulkWriter<C> {
  /** Pauses between retries; replaced in tests. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * How the writer batches and retries.
   *
   * @param maxOperations documents per bulk request
   * @param maxBytes bytes of document sources per bulk request; keep well below the cluster's
   *     request limit
   * @param flushInterval the oldest buffered document is sent after this long, even if the buffer
   *     is not full
   * @param initialBackoff first pause before retrying transient failures; doubles each attempt
   * @param maxBackoff cap of the pause
   * @param maxAttempts attempts per flush before giving up with {@link StorageException}
   */
  public record Settings(
      int maxOperations,
      long maxBytes,
      Duration flushInterval,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxAttempts) {
    public Settings {
      if (maxOperations < 1 || maxBytes < 1 || maxAttempts < 1) {
        throw new IllegalArgumentException(
            "bulk maxOperations, maxBytes and maxAttempts must be >= 1");
      }
      Objects.requireNonNull(flushInterval, "flushInterval");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /**
     * 1 000 operations, 5 MB, 200 ms, backoff 100 ms … 5 s, 6 attempts. The flush interval is short
     * because it adds to every event's time to be searchable while OpenSearch is not busy; under
     * load bulks fill by count first.
     */
    public static Settings defaults() {
      return new Settings(
          1000, 5L << 20, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(5), 6);
    }
  }

  /**
   * One document to write.
   *
   * @param index target index
   * @param id document id
   * @param source the JSON document
   * @param externalVersion the external version (&gt; 0), or 0 for an unversioned write
   * @param context the caller's handle on the document's origin
   */
  public record Doc<C>(String index, String id, byte[] source, long externalVersion, C context) {
    public Doc {
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * A document OpenSearch refused for good.
   *
   * @param status the HTTP status of the item
   * @param reason OpenSearch's error type and reason, for example {@code mapper_parsing_exception:
   *     failed to parse field [timestamp]}
   */
  public record Rejected<C>(Doc<C> doc, int status, String reason) {}

  private static final byte[] INDEX_ACTION = ascii("{\"index\":{\"_index\":\"");
  private static final byte[] ID_FIELD = ascii("\",\"_id\":\"");
  private static final byte[] VERSION_FIELD = ascii("\",\"version\":");
  private static final byte[] EXTERNAL = ascii(",\"version_type\":\"external\"");
  private static final byte[] ACTION_END = ascii("}}\n");

  private static final String FILTER =
      "errors,items.*.status,items.*.error.type,items.*.error.reason";

  private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

  private final BlockingHttp http;
  private final BlockingHttp.Target bulkTarget;
  private final Settings settings;
  private final Sleeper sleeper;
  private final BulkObserver observer;
  private final Map<String, Doc<C>> buffer = new LinkedHashMap<>();
  private long bufferedBytes;
  private long oldestAt = -1;

  /** A writer that reports to no observer. */
  public BulkWriter(BlockingHttp http, Settings settings) {
    this(http, settings, BulkObserver.NONE);
  }

  public BulkWriter(BlockingHttp http, Settings settings, BulkObserver observer) {
    this(http, settings, d -> Thread.sleep(d.toMillis()), observer);
  }

  BulkWriter(BlockingHttp http, Settings settings, Sleeper sleeper, BulkObserver observer) {
    this.http = Objects.requireNonNull(http, "http");
    this.bulkTarget = http.target("/_bulk", Map.of("filter_path", FILTER));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = sleeper;
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** Buffers {@code doc}; {@code nowMs} is the caller's clock, used by {@link #due}. */
  public void add(Doc<C> doc, long nowMs) {
    String key = doc.index() + '\u0000' + doc.id();
    Doc<C> previous = buffer.get(key);
    if (previous != null) {
      if (previous.externalVersion() > doc.externalVersion()) {
        return;
      }
      buffer.remove(key);
      bufferedBytes -= previous.source().length;
    }
    buffer.put(key, doc);
    bufferedBytes += doc.source().length;
    if (oldestAt < 0) {
      oldestAt = nowMs;
    }
  }

  /**
   * Whether the buffer should be flushed now: full by count or bytes, or its oldest document is old
   * enough.
   */
  public boolean due(long nowMs) {
    return buffer.size() >= settings.maxOperations()
        || bufferedBytes >= settings.maxBytes()
        || (oldestAt >= 0 && nowMs - oldestAt >= settings.flushInterval().toMillis());
  }

  /** Documents buffered and not yet acknowledged. */
  public int pending() {
    return buffer.size();
  }

  /** Drops the buffer without writing (the caller lost ownership of the documents' sources). */
  public void clear() {
    buffer.clear();
    bufferedBytes = 0;
    oldestAt = -1;
  }

  /**
   * Writes every buffered document. Returns the documents refused for good; all others are
   * acknowledged by OpenSearch when this returns.
   *
   * @throws StorageException when transient failures persist after the configured attempts, or
   *     OpenSearch refuses the request as a whole; the documents stay buffered (those of the bulk
   *     already acknowledged too: writing them again is harmless)
   */
  public List<Rejected<C>> flush() {
    List<Rejected<C>> rejected = write(List.copyOf(buffer.values()));
    clear();
    return rejected;
  }

  /**
   * Takes every buffered document and writes it on {@code sender}, so that this writer buffers the
   * next bulk meanwhile: the buffer is empty when this returns. The future completes as {@link
   * #flush()} returns, or exceptionally with its {@link StorageException}. Bulks sent together may
   * be stored in any order.
   */
  public CompletableFuture<List<Rejected<C>>> send(Executor sender) {
    List<Doc<C>> docs = List.copyOf(buffer.values());
    clear();
    return CompletableFuture.supplyAsync(() -> write(docs), sender);
  }

  /**
   * Writes {@code docs} in requests of at most the configured operations and bytes; safe on any
   * thread, since it touches no buffer.
   */
  private List<Rejected<C>> write(List<Doc<C>> docs) {
    List<Rejected<C>> rejected = new ArrayList<>();
    int next = 0;
    while (next < docs.size()) {
      int end = chunkEnd(docs, next);
      rejected.addAll(writeWithRetries(docs.subList(next, end)));
      next = end;
    }
    return rejected;
  }

  /** Where the request that starts at {@code from} ends: at most the operations and bytes set. */
  private int chunkEnd(List<Doc<C>> docs, int from) {
    int end = from;
    long bytes = 0;
    while (end < docs.size() && end - from < settings.maxOperations()) {
      long size = docs.get(end).source().length;
      if (end > from && bytes + size > settings.maxBytes()) {
        break;
      }
      bytes += size;
      end++;
    }
    return end;
  }

  private List<Rejected<C>> writeWithRetries(List<Doc<C>> chunk) {
    List<Rejected<C>> rejected = new ArrayList<>();
    List<Doc<C>> todo = chunk;
    Duration backoff = settings.initialBackoff();
    String lastProblem = null;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        pause(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                ? settings.maxBackoff()
                : backoff.multipliedBy(2);
      }
      List<Doc<C>> retry = new ArrayList<>();
      try {
        lastProblem = send(todo, rejected, retry);
      } catch (StorageUnavailableException e) {
        lastProblem = e.getMessage();
        retry = todo;
        observer.failed(BulkObserver.Failure.UNREACHABLE, todo.size());
      } catch (IOException e) {
        // an answer cut short reads as malformed JSON: retried like a connection lost mid-answer
        lastProblem = "cannot read the bulk answer: " + e;
        retry = todo;
        observer.failed(BulkObserver.Failure.UNREACHABLE, todo.size());
      }
      if (retry.isEmpty()) {
        return rejected;
      }
      todo = retry;
    }
    throw new StorageException(
        "bulk write failed after "
            + settings.maxAttempts()
            + " attempts, "
            + todo.size()
            + " documents still pending: "
            + lastProblem);
  }

  /**
   * Sends one bulk; fills {@code rejected} and {@code retry}; returns the last transient problem
   * seen.
   */
  private String send(List<Doc<C>> docs, List<Rejected<C>> rejected, List<Doc<C>> retry)
      throws IOException {
    byte[] body = ndjson(docs);
    long sent = System.nanoTime();
    BlockingHttp.Answer response = http.post(bulkTarget, body, NDJSON);
    observer.answered(System.nanoTime() - sent);
    int status = response.status();
    if (status == 429 || status >= 500) {
      retry.addAll(docs);
      observer.failed(BulkObserver.Failure.RETRIED, docs.size());
      return "HTTP " + status + " " + abbreviate(response.body());
    }
    if (status >= 300) {
      observer.failed(BulkObserver.Failure.REFUSED, docs.size());
      throw new StorageException(
          "OpenSearch refused the bulk request: HTTP "
              + status
              + " "
              + abbreviate(response.body()));
    }
    JsonNode items = failedItems(response.body());
    if (items == null) {
      return null;
    }
    if (items.size() != docs.size()) {
      observer.failed(BulkObserver.Failure.REFUSED, docs.size());
      throw new StorageException(
          "bulk response has " + items.size() + " items for " + docs.size() + " documents");
    }
    String problem = null;
    int retried = 0;
    int refused = 0;
    for (int i = 0; i < docs.size(); i++) {
      JsonNode item = items.get(i).elements().next();
      int itemStatus = item.path("status").asInt();
      Doc<C> doc = docs.get(i);
      if (itemStatus < 300 || (itemStatus == 409 && doc.externalVersion() > 0)) {
        continue;
      }
      String reason =
          item.path("error").path("type").asText("unknown")
              + ": "
              + item.path("error").path("reason").asText("");
      if (itemStatus == 429 || itemStatus >= 500) {
        retry.add(doc);
        retried++;
        problem = "item HTTP " + itemStatus + " " + reason;
      } else {
        rejected.add(new Rejected<>(doc, itemStatus, reason));
        refused++;
      }
    }
    if (retried > 0) {
      observer.failed(BulkObserver.Failure.RETRIED, retried);
    }
    if (refused > 0) {
      observer.failed(BulkObserver.Failure.REJECTED, refused);
    }
    return problem;
  }

  /**
   * The items of a bulk answer whose {@code errors} flag is true, or null when it is false or
   * absent. The flag comes first in OpenSearch's answer, so an answer without errors is read no
   * further than it: its thousand item statuses are never parsed. An answer with errors but no
   * items gives an empty node (which matches no document).
   */
  private static JsonNode failedItems(byte[] answer) throws IOException {
    try (JsonParser parser = Json.mapper().createParser(answer)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "a bulk answer is a JSON object");
      }
      boolean errors = false;
      JsonNode items = MissingNode.getInstance();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("errors")) {
          if (value != JsonToken.VALUE_TRUE) {
            return null;
          }
          errors = true;
        } else if (field.equals("items")) {
          items = parser.readValueAsTree();
        } else {
          parser.skipChildren();
        }
      }
      return errors ? items : null;
    }
  }

  /**
   * The bulk body: per document an action line, written here without a JSON tree, and the source as
   * it is. Written into one array of the body's exact size, measured first: a growing or copied-out
   * buffer would allocate the body (megabytes per bulk, the indexer's largest allocation) twice.
   */
  private static byte[] ndjson(List<? extends Doc<?>> docs) {
    JsonStringEncoder encoder = JsonStringEncoder.getInstance();
    byte[][] indices = new byte[docs.size()][];
    byte[][] ids = new byte[docs.size()][];
    byte[][] versions = new byte[docs.size()][];
    long size = 0;
    String lastIndex = null;
    byte[] lastIndexBytes = null;
    for (int i = 0; i < docs.size(); i++) {
      Doc<?> doc = docs.get(i);
      // a bulk's documents go to a handful of indices: each name quoted once per run of it
      if (!doc.index().equals(lastIndex)) {
        lastIndex = doc.index();
        lastIndexBytes = encoder.quoteAsUTF8(lastIndex);
      }
      indices[i] = lastIndexBytes;
      ids[i] = encoder.quoteAsUTF8(doc.id());
      size += INDEX_ACTION.length + indices[i].length + ID_FIELD.length + ids[i].length;
      if (doc.externalVersion() > 0) {
        versions[i] = Long.toString(doc.externalVersion()).getBytes(StandardCharsets.US_ASCII);
        size += VERSION_FIELD.length + versions[i].length + EXTERNAL.length;
      } else {
        size += 1;
      }
      size += ACTION_END.length + doc.source().length + 1;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new StorageException("a bulk body of " + size + " bytes does not fit in an array");
    }
    byte[] body = new byte[(int) size];
    int at = 0;
    for (int i = 0; i < docs.size(); i++) {
      at = put(body, at, INDEX_ACTION);
      at = put(body, at, indices[i]);
      at = put(body, at, ID_FIELD);
      at = put(body, at, ids[i]);
      if (versions[i] != null) {
        at = put(body, at, VERSION_FIELD);
        at = put(body, at, versions[i]);
        at = put(body, at, EXTERNAL);
      } else {
        body[at++] = '"';
      }
      at = put(body, at, ACTION_END);
      at = put(body, at, docs.get(i).source());
      body[at++] = '\n';
    }
    return body;
  }

  /** Copies {@code bytes} into {@code body} at {@code at}; returns where the next bytes go. */
  private static int put(byte[] body, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, body, at, bytes.length);
    return at + bytes.length;
  }

  private void pause(Duration backoff) {
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while backing off", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The start of an answer's body, as text for a message. */
  private static String abbreviate(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 2_000), StandardCharsets.UTF_8);
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
