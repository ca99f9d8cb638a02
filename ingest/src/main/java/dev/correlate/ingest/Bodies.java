package dev.correlate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads request bodies into memory under two bounds: each body at most {@code maxBodyBytes} (after
 * {@code Content-Encoding: gzip} is undone), and all bodies held at once at most {@code
 * maxInflightBytes}. A body grows as its bytes arrive: a claimed {@code Content-Length} only caps
 * how far it grows, it is never allocated up front, so headers alone cost nothing. Every growth is
 * reserved from the shared budget first; a request that would pass it is refused ({@link Busy},
 * answered 503 and retried by its sender) rather than held. Thread-safe.
 */
final class Bodies {
  private static final int FIRST_CHUNK = 64 * 1024;

  private final long maxBodyBytes;
  private final long maxInflightBytes;
  private long inflight;

  Bodies(long maxBodyBytes, long maxInflightBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.maxInflightBytes = maxInflightBytes;
  }

  /** The body is over the limit. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  /** The body cannot be read (broken gzip, connection lost). */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** Holding the body would pass the budget of all bodies in flight. */
  static final class Busy extends Exception {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  /** Bytes of all bodies held now. */
  synchronized long inflight() {
    return inflight;
  }

  /**
   * Reads {@code raw} to its end. {@code declared} is the request's {@code Content-Length} (-1 when
   * unknown); with {@code gzip} the body is inflated as it is read. Close the result to return its
   * bytes to the budget.
   */
  Body read(InputStream raw, long declared, boolean gzip) throws TooLarge, Unreadable, Busy {
    if (declared > maxBodyBytes) {
      throw new TooLarge("body of " + declared + " bytes exceeds the limit of " + maxBodyBytes);
    }
    // an honest Content-Length lets the body end exactly full; an inflated body may grow to the
    // limit
    long growTo = declared > 0 && !gzip ? declared : maxBodyBytes;
    Body body;
    try {
      body = new Body((int) Math.min(FIRST_CHUNK, growTo));
    } catch (Busy e) {
      throw discardingRest(raw, e);
    }
    try (InputStream in = gzip ? new GZIPInputStream(raw, 16 * 1024) : raw) {
      while (true) {
        if (body.length == body.bytes.length) {
          if (body.length >= growTo) {
            if (in.read() < 0) {
              return body;
            }
            throw new TooLarge("body exceeds the limit of " + maxBodyBytes + " bytes");
          }
          body.grow((int) Math.min(growTo, Math.max(2L * body.bytes.length, body.length + 1L)));
        }
        int n = in.read(body.bytes, body.length, body.bytes.length - body.length);
        if (n < 0) {
          return body;
        }
        body.length += n;
      }
    } catch (IOException e) {
      body.close();
      throw new Unreadable(
          "body cannot be read" + (gzip ? " as gzip" : "") + ": " + e.getMessage());
    } catch (Busy e) {
      body.close();
      throw discardingRest(raw, e);
    } catch (TooLarge | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  /**
   * Reads and drops what is left of a refused body, at most the body limit, so that the 503 reaches
   * the sender: a server that answers and closes while the sender is still writing resets the
   * connection, and the sender may see the reset instead of the answer (what the 503 tells it,
   * retry later, is then lost). Dropping costs no memory, only the time to read.
   */
  private Busy discardingRest(InputStream raw, Busy refusal) {
    byte[] sink = new byte[8 * 1024];
    long left = maxBodyBytes;
    try {
      int n;
      while (left > 0 && (n = raw.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      refusal.addSuppressed(e);
    }
    return refusal;
  }

  private synchronized void reserve(long bytes) throws Busy {
    if (inflight + bytes > maxInflightBytes) {
      throw new Busy(
          "ingest already holds "
              + inflight
              + " bytes of request bodies (limit "
              + maxInflightBytes
              + "); retry");
    }
    inflight += bytes;
  }

  private synchronized void release(long bytes) {
    inflight -= bytes;
  }

  /**
   * One body in memory: {@code bytes[0, length)}; its array counts against the budget until closed.
   */
  final class Body implements AutoCloseable {
    private byte[] bytes = new byte[0];
    private int length;
    private long reserved;

    private Body(int first) throws Busy {
      grow(first);
    }

    private void grow(int capacity) throws Busy {
      reserve(capacity - bytes.length);
      reserved += capacity - bytes.length;
      bytes = Arrays.copyOf(bytes, capacity);
    }

    /** The array holding the body; only its first {@link #length()} bytes are the body. */
    byte[] array() {
      return bytes;
    }

    int length() {
      return length;
    }

    /** The body as an array of its own length (a copy only when the array is not exactly full). */
    byte[] toArray() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    @Override
    public void close() {
      release(reserved);
      reserved = 0;
    }
  }
}
