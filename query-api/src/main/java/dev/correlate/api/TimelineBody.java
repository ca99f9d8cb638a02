package dev.correlate.api;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A timeline response written while its page is read: kind, id, summary ({@code null} when there is
 * none), events and {@code next_cursor} ({@code null} on the last page), each stored event
 * rewritten by {@link EventTranscoder} as it arrives. The head is resolved from the summary when
 * the first event arrives, or at the end for a page without events.
 *
 * <p>The body is kept in blocks of {@link #BLOCK} bytes and sent block by block ({@link #stream}),
 * never copied into one array: a page of 1 000 events is about 530 kB, which as one array is a
 * humongous allocation for G1 (above half a region), as is every array it grows through. It is sent
 * only once complete, so that anything that fails while it is built (a document that is not an
 * event, a timeline that is not there) is still answered as a problem, not as a cut-off 200.
 */
final class TimelineBody implements TimelineSink {
  /**
   * What precedes the events: the summary view (null when there is none) and what offsets count
   * from.
   */
  record Head(Views.Summary summary, long baseMs) {}

  /** Bytes per block: far below half of G1's smallest region (1 MiB). */
  static final int BLOCK = 32 * 1024;

  private static final byte[] KIND = ascii("{\"kind\":");
  private static final byte[] ID = ascii(",\"id\":");
  private static final byte[] SUMMARY = ascii(",\"summary\":");
  private static final byte[] EVENTS = ascii(",\"events\":[");
  private static final byte[] NEXT_CURSOR = ascii("],\"next_cursor\":");

  private final String kind;
  private final String id;
  private final Function<Optional<TimelineSummary>, Head> head;
  private final Blocks out = new Blocks();
  private final EventTranscoder transcoder = new EventTranscoder();
  private Optional<TimelineSummary> summary = Optional.empty();
  private Long baseMs;
  private boolean firstEvent = true;

  /**
   * @param head what precedes the events, from the timeline's summary (empty when there is none)
   */
  TimelineBody(String kind, String id, Function<Optional<TimelineSummary>, Head> head) {
    this.kind = kind;
    this.id = id;
    this.head = head;
  }

  @Override
  public void summary(Optional<TimelineSummary> summary) {
    this.summary = summary;
  }

  @Override
  public void accept(byte[] bytes, int from, int to) throws IOException {
    acceptUpTo(bytes, from, to);
  }

  /** The transcoder walks the whole document: where it ended is known without a scan of its own. */
  @Override
  public int acceptUpTo(byte[] bytes, int from, int limit) throws IOException {
    start();
    // a document refused midway fails the whole response: what was written then is never sent
    if (!firstEvent) {
      out.write(',');
    }
    firstEvent = false;
    return transcoder.copy(bytes, from, limit, out, baseMs);
  }

  /** Closes the body with {@code nextCursor} (null on the last page). */
  void finish(String nextCursor) {
    try {
      start();
      out.write(NEXT_CURSOR);
      out.write(Json.write(nextCursor));
      out.write('}');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The finished body, read block by block. */
  InputStream stream() {
    return out.stream();
  }

  /** The finished body's length in bytes. */
  int size() {
    return out.size();
  }

  private void start() throws IOException {
    if (baseMs != null) {
      return;
    }
    Head resolved = head.apply(summary);
    out.write(KIND);
    out.write(Json.write(kind));
    out.write(ID);
    out.write(Json.write(id));
    out.write(SUMMARY);
    out.write(Json.write(resolved.summary()));
    out.write(EVENTS);
    baseMs = resolved.baseMs();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Bytes in blocks of {@link #BLOCK}, the last one filling. */
  private static final class Blocks extends OutputStream {
    private final List<byte[]> full = new ArrayList<>();
    private byte[] block = new byte[BLOCK];
    private int used;

    @Override
    public void write(int b) {
      if (used == block.length) {
        next();
      }
      block[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int from, int length) {
      int at = from;
      int left = length;
      while (left > 0) {
        if (used == block.length) {
          next();
        }
        int n = Math.min(left, block.length - used);
        System.arraycopy(bytes, at, block, used, n);
        used += n;
        at += n;
        left -= n;
      }
    }

    private void next() {
      full.add(block);
      block = new byte[BLOCK];
      used = 0;
    }

    int size() {
      return full.size() * BLOCK + used;
    }

    InputStream stream() {
      List<InputStream> blocks = new ArrayList<>(full.size() + 1);
      full.forEach(b -> blocks.add(new ByteArrayInputStream(b)));
      blocks.add(new ByteArrayInputStream(block, 0, used));
      return new SequenceInputStream(Collections.enumeration(blocks));
    }
  }
}
