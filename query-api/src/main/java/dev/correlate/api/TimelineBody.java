package dev.correlate.api;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A timeline response written while its page is read: kind, id, summary ({@code null} when there is
 * none), events and {@code next_cursor} ({@code null} on the last page). A summary handed over as
 * its stored document is rewritten by {@link SummaryTranscoder}, each stored event by {@link
 * EventTranscoder}, as they arrive; offsets count from the summary's first event, or, without a
 * summary, from what {@code baseWithoutSummary} says when the first event arrives (or at the end,
 * for a page without events).
 *
 * <p>The body goes to the response as it is written, through one buffer of {@link #BLOCK} bytes:
 * the response is opened ({@code response}) when the buffer first fills, or at {@link #finish} for
 * a body that fits in it, and the buffer is sent each time it fills. No intermediate copy of the
 * whole body is made (at 1 000 events it is about 530 kB: arrays a garbage collector handles apart,
 * and a copy into Jetty). What can fail once bytes are sent is narrow: the store reads OpenSearch's
 * whole answer before it hands anything over, and a search of the {@code _msearch} that failed or
 * timed out is refused before any of its events is handed over, so OpenSearch's failures come
 * before the first byte, as does a timeline that is not there (no summary and no event). What
 * remains is a stored document that is not an event, found after the first {@link #BLOCK} bytes
 * were sent, or the client gone: the response is committed then, and the API aborts it instead of
 * answering a problem (the client sees the body cut off without its last chunk, never a complete
 * 200).
 */
final class TimelineBody implements TimelineSink {
  /**
   * Bytes buffered before each write to the response: a small page goes in one write, and a
   * response is not opened before it is known to be a timeline.
   */
  static final int BLOCK = 32 * 1024;

  private static final byte[] KIND = ascii("{\"kind\":");
  private static final byte[] ID = ascii(",\"id\":");
  private static final byte[] SUMMARY = ascii(",\"summary\":");
  private static final byte[] EVENTS = ascii(",\"events\":[");
  private static final byte[] NEXT_CURSOR = ascii("],\"next_cursor\":");
  private static final byte[] NULL = ascii("null");

  private final String kind;
  private final String id;
  private final int maxEvidence;
  private final LongSupplier baseWithoutSummary;
  private final Buffer out;
  private final EventTranscoder transcoder = new EventTranscoder();
  private final SummaryTranscoder summaries = new SummaryTranscoder();
  private byte[] summaryView;
  private long summaryFirstEventAt;
  private Long baseMs;
  private boolean firstEvent = true;

  /**
   * @param maxEvidence evidence events shown at most in the summary's diagnosis
   * @param baseWithoutSummary what offsets count from when the store has no summary; throws when
   *     the timeline is not there
   * @param response opens the response's body; called once, when the first bytes are sent
   */
  TimelineBody(
      String kind,
      String id,
      int maxEvidence,
      LongSupplier baseWithoutSummary,
      Supplier<OutputStream> response) {
    this.kind = kind;
    this.id = id;
    this.maxEvidence = maxEvidence;
    this.baseWithoutSummary = baseWithoutSummary;
    this.out = new Buffer(response);
  }

  /** A summary read as a record (a store that holds records, such as the in-memory one). */
  @Override
  public void summary(Optional<TimelineSummary> summary) {
    summaryView = summary.map(s -> Json.write(Views.Summary.of(s, maxEvidence))).orElse(null);
    summaryFirstEventAt = summary.map(TimelineSummary::firstEventAt).orElse(0L);
  }

  /** A summary as stored: rewritten without being bound. */
  @Override
  public void summary(byte[] bytes, int from, int to) {
    summaryView = summaries.view(bytes, from, to, maxEvidence);
    summaryFirstEventAt = summaries.firstEventAt();
  }

  @Override
  public void accept(byte[] bytes, int from, int to) throws IOException {
    acceptUpTo(bytes, from, to);
  }

  /** The transcoder walks the whole document: where it ended is known without a scan of its own. */
  @Override
  public int acceptUpTo(byte[] bytes, int from, int limit) throws IOException {
    start();
    if (!firstEvent) {
      out.write(',');
    }
    firstEvent = false;
    return transcoder.copy(bytes, from, limit, out, baseMs);
  }

  /** Closes the body with {@code nextCursor} (null on the last page) and sends what is left. */
  void finish(String nextCursor) {
    try {
      start();
      out.write(NEXT_CURSOR);
      out.write(Json.write(nextCursor));
      out.write('}');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body's length in bytes so far. */
  long size() {
    return out.sent + out.used;
  }

  private void start() throws IOException {
    if (baseMs != null) {
      return;
    }
    long base = summaryView == null ? baseWithoutSummary.getAsLong() : summaryFirstEventAt;
    out.write(KIND);
    out.write(Json.write(kind));
    out.write(ID);
    out.write(Json.write(id));
    out.write(SUMMARY);
    out.write(summaryView == null ? NULL : summaryView);
    out.write(EVENTS);
    baseMs = base;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** One block of {@link #BLOCK} bytes, sent to the response whenever it fills. */
  private static final class Buffer extends OutputStream {
    private final Supplier<OutputStream> response;
    private final byte[] block = new byte[BLOCK];
    private OutputStream opened;
    private int used;
    private long sent;

    Buffer(Supplier<OutputStream> response) {
      this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
      if (used == block.length) {
        send();
      }
      block[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int from, int length) throws IOException {
      int at = from;
      int left = length;
      while (left > 0) {
        if (used == block.length) {
          send();
        }
        int n = Math.min(left, block.length - used);
        System.arraycopy(bytes, at, block, used, n);
        used += n;
        at += n;
        left -= n;
      }
    }

    /** Sends what is buffered. */
    @Override
    public void flush() throws IOException {
      send();
    }

    private void send() throws IOException {
      if (opened == null) {
        opened = response.get();
      }
      opened.write(block, 0, used);
      sent += used;
      used = 0;
    }
  }
}
