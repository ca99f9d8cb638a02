package dev.correlate.core.parse;

import dev.correlate.core.model.Facts.ErrorFacts;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exception types and messages in text: the last line of a Python traceback, a Java exception
 * header ({@code java.lang.IllegalStateException: boom}, {@code Exception in thread "main" …},
 * {@code Caused by: …}), or, in an error-level line, an exception named inside the message ({@code
 * Backtest failed: MemoryError: …}).
 */
final class Exceptions {
  static final String TRACEBACK = "Traceback (most recent call last):";
  static final String CAUSED_BY = "Caused by: ";
  private static final String IN_THREAD = "Exception in thread \"";
  private static final int MAX_MESSAGE = 1000;
  private static final String NAME = "(?:[A-Za-z_$][\\w$]{0,100}\\.){0,16}";

  /** A line that is an exception header: the type ends in a telling suffix. */
  private static final Pattern HEADER =
      Pattern.compile(
          "(?:Exception in thread \"[^\"\\n]{0,256}\" )?("
              + NAME
              + "[A-Za-z_$][\\w$]{0,100}"
              + "(?:Error|Exception|Exit|Interrupt|Fault|Failure|Timeout|Throwable|Denied))(?::[ \\t]?(.*))?");

  /**
   * A traceback's last line: a dotted name, its last part capitalized (after underscores), maybe a
   * message.
   */
  private static final Pattern FINAL_LINE =
      Pattern.compile("(" + NAME + "_{0,4}[A-Z][\\w$]{0,100})(?::[ \\t]?(.*))?");

  /** An exception named inside a message. */
  private static final Pattern IN_TEXT =
      Pattern.compile(
          "(?<![\\w.$])("
              + NAME
              + "[A-Z][\\w$]{0,100}(?:Error|Exception))(?::[ \\t]+([^\\n]{1,1000}))?");

  private Exceptions() {}

  /** Type and message from a line that is wholly an exception header, or null. */
  static String[] header(String line) {
    return whole(HEADER, line);
  }

  /** Type and message from the line ending a traceback, or null. */
  static String[] finalLine(String line) {
    return whole(FINAL_LINE, line);
  }

  /**
   * The error a single event describes: a traceback inside it, a first line that is an exception
   * header, or, when {@code errorLevel}, an exception named in its first line. Null when none.
   */
  static ErrorFacts find(String text, boolean errorLevel) {
    int tb = text.indexOf(TRACEBACK);
    if (tb >= 0) {
      String[] last = lastFinalLine(text, tb + TRACEBACK.length());
      if (last != null) {
        return facts(last);
      }
    }
    String first = firstLine(text);
    if (first.startsWith(CAUSED_BY)) {
      first = first.substring(CAUSED_BY.length());
    }
    if (ParseText.startsWithIdentifier(first)) {
      String[] h = header(first);
      if (h != null) {
        return facts(h);
      }
    }
    if (errorLevel && (first.contains("Error") || first.contains("Exception"))) {
      Matcher m = IN_TEXT.matcher(first);
      if (m.find()) {
        return facts(new String[] {m.group(1), m.group(2)});
      }
    }
    if (tb >= 0) {
      return new ErrorFacts(null, null, null, false);
    }
    return null;
  }

  /**
   * Error facts from a traceback held in one text value (Python JSON logging's {@code exc_info}).
   */
  static ErrorFacts fromTraceback(String text) {
    String[] last = lastFinalLine(text, 0);
    return last == null ? null : facts(last);
  }

  static ErrorFacts facts(String[] typeAndMessage) {
    String message =
        typeAndMessage[1] == null ? null : ParseText.cut(typeAndMessage[1].trim(), MAX_MESSAGE);
    return new ErrorFacts(
        typeAndMessage[0], message == null || message.isEmpty() ? null : message, null, false);
  }

  /** The last unindented line after {@code from} that can end a traceback. */
  private static String[] lastFinalLine(String text, int from) {
    String[] found = null;
    int start = from;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      if (end > start
          && ParseText.startsWithIdentifier(text.substring(start, start + 1))
          && !text.startsWith(TRACEBACK, start)) {
        String[] f = finalLine(ParseText.trimEnd(text.substring(start, end)));
        if (f != null) {
          found = f;
        }
      }
      start = end + 1;
    }
    return found;
  }

  /**
   * Both line shapes are a dotted name followed by {@code :} or the end of the line (or Java's
   * {@code Exception in thread "…"}): checking that by hand spares the expressions most lines.
   */
  private static boolean mayNameAnException(String line) {
    if (line.startsWith(IN_THREAD)) {
      return true;
    }
    int i = 0;
    int n = line.length();
    while (i < n && isNameChar(line.charAt(i))) {
      i++;
    }
    return i > 0 && (i == n || line.charAt(i) == ':');
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '_'
        || c == '$'
        || c == '.';
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : ParseText.trimEnd(text.substring(0, nl));
  }

  private static String[] whole(Pattern p, String line) {
    if (line.length() > 4096) {
      line = line.substring(0, 4096);
    }
    if (!mayNameAnException(line)) {
      return null;
    }
    Matcher m = p.matcher(line);
    return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
  }
}
