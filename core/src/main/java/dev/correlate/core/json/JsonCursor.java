package dev.correlate.core.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A position in JSON bytes that another program wrote and checked (an OpenSearch answer, a stored
 * document), for finding where values are without reading them: property names are compared byte
 * for byte, strings are located and never decoded, a value is skipped by a scan for its end. It is
 * what lets the query API copy a stored document's texts into its answer as they are; a tokenizer
 * (Jackson's) reads every name and every text into its own buffers on the way, which cost more than
 * the rest of a timeline page.
 *
 * <p>The input is trusted to be JSON: bytes that are not give {@link IllegalStateException} (never
 * a read past the end or a loop), not a diagnosis of what is wrong. Whitespace between tokens is
 * allowed anywhere JSON allows it.
 */
public final class JsonCursor {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  private final byte[] bytes;
  private final int end;
  private int at;
  private int nameFrom;
  private int nameTo;

  /** A cursor on {@code bytes[from]}, reading up to {@code to} (exclusive). */
  public JsonCursor(byte[] bytes, int from, int to) {
    if (from < 0 || to > bytes.length || from > to) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + bytes.length);
    }
    this.bytes = bytes;
    this.at = from;
    this.end = to;
  }

  /** Where the cursor is: the offset of the next byte it reads. */
  public int position() {
    return at;
  }

  /** The next token's first byte after whitespace (the cursor then stands on it). */
  public byte peek() {
    skipWhitespace();
    if (at >= end) {
      throw malformed("the input ends");
    }
    return bytes[at];
  }

  /** Steps over {@code expected}, the next token's first byte. */
  public void expect(char expected) {
    if (peek() != expected) {
      throw malformed("'" + expected + "' expected");
    }
    at++;
  }

  /** Whether the next value is {@code null}; steps over it if so. */
  public boolean nullValue() {
    if (peek() == 'n' && at + 4 <= end && bytes[at + 1] == 'u') {
      at += 4;
      return true;
    }
    return false;
  }

  /**
   * Inside an object (after its {@code '{'} or after a value): steps to the next property's value
   * and returns true, its name then compared by {@link #nameIs}; or steps over the object's {@code
   * '}'} and returns false.
   */
  public boolean nextName() {
    if (!nextMember('}')) {
      return false;
    }
    if (bytes[at] != '"') {
      throw malformed("a property name expected");
    }
    nameFrom = at + 1;
    nameTo = stringEnd(at);
    at = nameTo + 1;
    expect(':');
    skipWhitespace();
    return true;
  }

  /**
   * Whether the name {@link #nextName} stepped over is {@code name}, compared as written: an
   * escaped name is not equal to its unescaped form.
   */
  public boolean nameIs(byte[] name) {
    return Arrays.equals(bytes, nameFrom, nameTo, name, 0, name.length);
  }

  /** The offset of the first byte of the current property's name, inside its quotes. */
  public int nameFrom() {
    return nameFrom;
  }

  /** The offset of the current property name's closing quote. */
  public int nameTo() {
    return nameTo;
  }

  /**
   * Inside an array (after its {@code '['} or after a value): steps to the next element and returns
   * true, or steps over the array's {@code ']'} and returns false.
   */
  public boolean nextElement() {
    return nextMember(']');
  }

  private boolean nextMember(char close) {
    byte next = peek();
    if (next == close) {
      at++;
      return false;
    }
    if (next == ',') {
      at++;
      skipWhitespace();
    }
    if (at >= end) {
      throw malformed("the input ends");
    }
    return true;
  }

  /**
   * Moves on to {@code offset}: the end of a value someone else read (a value starting at the
   * cursor's position, read up to there by another cursor on the same bytes).
   */
  public void skipTo(int offset) {
    if (offset < at || offset > end) {
      throw new IndexOutOfBoundsException(offset + " is not in [" + at + ", " + end + "]");
    }
    at = offset;
  }

  /** Steps over the next value, whatever it is; returns the offset of its first byte. */
  public int skipValue() {
    byte first = peek();
    int start = at;
    if (first == '"') {
      at = stringEnd(at) + 1;
    } else if (first == '{' || first == '[') {
      int depth = 0;
      while (at < end) {
        byte b = bytes[at];
        if (b == '"') {
          at = stringEnd(at) + 1;
          continue;
        }
        if (b == '{' || b == '[') {
          depth++;
        } else if (b == '}' || b == ']') {
          depth--;
          if (depth == 0) {
            at++;
            return start;
          }
        }
        at++;
      }
      throw malformed("an object or array is not closed");
    } else {
      // a number, true, false or null: up to the next delimiter
      while (at < end && !delimiter(bytes[at])) {
        at++;
      }
      if (at == start) {
        throw malformed("a value expected");
      }
    }
    return start;
  }

  /** The offset of the closing quote of the string whose opening quote is at {@code quote}. */
  public int stringEnd(int quote) {
    int i = quote + 1;
    // the first quote not escaped; bytes of multi-byte UTF-8 characters are never a quote or a
    // backslash. Eight bytes at a time while there are eight: texts (messages above all) are most
    // of a stored event, and a byte-by-byte loop was most of the time spent locating them
    while (i + Long.BYTES <= end) {
      long word = (long) LONGS.get(bytes, i);
      long special = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
      if (special == 0) {
        i += Long.BYTES;
        continue;
      }
      i += Long.numberOfTrailingZeros(special) >>> 3;
      if (bytes[i] == '"') {
        return i;
      }
      i += 2; // an escape: the next byte is never the closing quote
    }
    while (i < end) {
      byte b = bytes[i];
      if (b == '"') {
        return i;
      }
      i += b == '\\' ? 2 : 1;
    }
    throw malformed("a string is not closed");
  }

  /**
   * The high bit of each zero byte of {@code word} set (and possibly of bytes above the first zero
   * byte: only the lowest is exact, which is the one a scan needs).
   */
  private static long zeroBytes(long word) {
    return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
  }

  private void skipWhitespace() {
    while (at < end) {
      byte b = bytes[at];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      at++;
    }
  }

  private static boolean delimiter(byte b) {
    return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private IllegalStateException malformed(String what) {
    return new IllegalStateException("not JSON at offset " + at + ": " + what);
  }
}
