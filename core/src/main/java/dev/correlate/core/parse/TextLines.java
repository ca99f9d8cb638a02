package dev.correlate.core.parse;

import dev.correlate.core.model.Level;
import java.util.Optional;

/**
 * Text lines: Lambda's text format (platform lines, {@code [LEVEL]\t<ts>\t<request id>\t<msg>} from
 * Python, {@code <ts>\t<request id>\t<LEVEL>\t<msg>} from Node, {@code <ts> <request id> Task timed
 * out after …}), Python logging ({@code <ts> - <logger> - <LEVEL> - <msg>}), key=value lines
 * ({@code <ts> <LEVEL> [<logger>] k=v …}), and anything else with a leading level word. Lines are
 * split by hand at fixed separators, never by backtracking expressions.
 */
final class TextLines {
  /** Longest key=value value read (the field limit cuts further). */
  private static final int MAX_VALUE = 2048;

  private final ParserRules rules;

  TextLines(ParserRules rules) {
    this.rules = rules;
  }

  /** Reads a text line's level, logger, time, message, request id and key=value fields. */
  void read(String line, Draft d) {
    d.message = line;
    if (line.isEmpty()) {
      return;
    }
    char first = line.charAt(0);
    if (first >= 'A' && first <= 'Z' && LambdaLines.text(line, d)) {
      return;
    }
    if (first == '[') {
      bracketLevel(line, d);
    } else if (first >= '0' && first <= '9') {
      timestamped(line, d);
    } else {
      leadingLevelWord(line, d);
    }
    keyValues(d.message, d);
  }

  /** {@code [LEVEL]\t<ts>\t<request id>\t<msg>} (Lambda Python) or {@code [LEVEL] <msg>}. */
  private void bracketLevel(String line, Draft d) {
    int close = line.indexOf(']');
    if (close < 2 || close > 17) {
      return;
    }
    Optional<Level> level = rules.level(line.substring(1, close));
    if (level.isEmpty()) {
      return;
    }
    d.level = level.get();
    int rest = close + 1;
    if (rest < line.length() && line.charAt(rest) == '\t') {
      int tsEnd = Timestamps.endOf(line, rest + 1);
      if (tsEnd > 0 && tsEnd < line.length() && line.charAt(tsEnd) == '\t') {
        d.messageTimestamp =
            Timestamps.toEpochMs(line.substring(rest + 1, tsEnd), tsEnd - rest - 1);
        int idEnd = line.indexOf('\t', tsEnd + 1);
        if (idEnd >= 0) {
          d.lambdaRequestId = LambdaLines.requestId(line.substring(tsEnd + 1, idEnd));
          d.message = line.substring(idEnd + 1);
          return;
        }
        d.message = line.substring(tsEnd + 1);
        return;
      }
    }
    d.message = line.substring(rest).stripLeading();
  }

  /** Lines that begin with a timestamp. */
  private void timestamped(String line, Draft d) {
    int tsEnd = Timestamps.endOf(line, 0);
    if (tsEnd < 0 || tsEnd >= line.length()) {
      return;
    }
    Long ts = Timestamps.toEpochMs(line, tsEnd);
    char sep = line.charAt(tsEnd);
    if (sep == '\t') {
      // Node (and other runtimes) in Lambda's text format: <ts>\t<request id>\t[<LEVEL>\t]<msg>
      int idEnd = line.indexOf('\t', tsEnd + 1);
      if (idEnd < 0) {
        return;
      }
      d.messageTimestamp = ts;
      d.lambdaRequestId = LambdaLines.requestId(line.substring(tsEnd + 1, idEnd));
      int levelEnd = line.indexOf('\t', idEnd + 1);
      Optional<Level> level =
          levelEnd > 0 && levelEnd - idEnd <= 17
              ? rules.level(line.substring(idEnd + 1, levelEnd))
              : Optional.empty();
      if (level.isPresent()) {
        d.level = level.get();
        d.message = line.substring(levelEnd + 1);
      } else {
        d.message = line.substring(idEnd + 1);
      }
      return;
    }
    if (sep != ' ') {
      return;
    }
    if (line.startsWith(" - ", tsEnd) && pythonLogging(line, tsEnd + 3, d)) {
      d.messageTimestamp = ts;
      return;
    }
    int tokenEnd = line.indexOf(' ', tsEnd + 1);
    String token = line.substring(tsEnd + 1, tokenEnd < 0 ? line.length() : tokenEnd);
    String requestId = token.length() == 36 ? LambdaLines.requestId(token) : null;
    if (requestId != null) {
      // <ts> <request id> <text>: Lambda's "Task timed out after …" line
      d.messageTimestamp = ts;
      d.lambdaRequestId = requestId;
      d.message = tokenEnd < 0 ? "" : line.substring(tokenEnd + 1);
      return;
    }
    Optional<Level> level = rules.level(strip(token));
    if (level.isPresent()) {
      // <ts> <LEVEL> [<logger>] <msg>: key=value and plain text logging
      d.messageTimestamp = ts;
      d.level = level.get();
      int rest = tokenEnd < 0 ? line.length() : tokenEnd + 1;
      if (rest < line.length() && line.charAt(rest) == '[') {
        int close = line.indexOf(']', rest);
        if (close > rest + 1 && close - rest <= 257) {
          d.logger = line.substring(rest + 1, close);
          rest = close + 1;
        }
      }
      d.message = rest >= line.length() ? "" : line.substring(rest).stripLeading();
      return;
    }
    d.messageTimestamp = ts;
  }

  /** {@code <logger> - <LEVEL> - <msg>} after a timestamp and {@code " - "}. */
  private boolean pythonLogging(String line, int from, Draft d) {
    int loggerEnd = line.indexOf(" - ", from);
    if (loggerEnd <= from || loggerEnd - from > 256) {
      return false;
    }
    int levelEnd = line.indexOf(" - ", loggerEnd + 3);
    int levelStop = levelEnd < 0 ? line.length() : levelEnd;
    if (levelStop - loggerEnd - 3 > 16) {
      return false;
    }
    Optional<Level> level = rules.level(line.substring(loggerEnd + 3, levelStop));
    if (level.isEmpty()) {
      return false;
    }
    d.logger = line.substring(from, loggerEnd);
    d.level = level.get();
    d.message = levelEnd < 0 ? "" : line.substring(levelEnd + 3);
    return true;
  }

  /**
   * {@code ERROR: …}, {@code WARNING …}: an upper-case level word opening a line sets the level.
   */
  private void leadingLevelWord(String line, Draft d) {
    int end = 0;
    while (end < line.length() && end <= 16 && line.charAt(end) >= 'A' && line.charAt(end) <= 'Z') {
      end++;
    }
    if (end < 3
        || end > 16
        || end < line.length() && line.charAt(end) != ':' && line.charAt(end) != ' ') {
      return;
    }
    rules.level(line.substring(0, end)).ifPresent(l -> d.level = l);
  }

  /**
   * {@code key=value} pairs of a text message become fields: a key of 1-64 characters from {@code
   * [A-Za-z0-9_.@-]} starting with a letter or underscore, not inside a longer word, and a value
   * quoted ({@code "…"}, {@code '…'}, on one line) or running to whitespace, {@code ,}, {@code ;}
   * or a quote. Found by scanning from each {@code =}, so the work is linear in the message.
   */
  private void keyValues(String message, Draft d) {
    String text = ParseText.cut(message, rules.limits().maxScanChars());
    int n = text.length();
    int eq = text.indexOf('=');
    while (eq >= 0 && d.fields.size() < rules.limits().maxFields()) {
      int next = eq + 1;
      int keyStart = eq;
      while (keyStart > 0 && eq - keyStart < 64 && isKeyChar(text.charAt(keyStart - 1))) {
        keyStart--;
      }
      boolean keyOk =
          keyStart < eq
              && (keyStart == 0 || !isKeyChar(text.charAt(keyStart - 1)))
              && isKeyStart(text.charAt(keyStart));
      if (keyOk && eq + 1 < n) {
        int valueStart = eq + 1;
        char q = text.charAt(valueStart);
        int valueEnd = -1;
        String value = null;
        if (q == '"' || q == '\'') {
          int limit = Math.min(n, valueStart + 2 + MAX_VALUE);
          for (int i = valueStart + 1; i < limit; i++) {
            char c = text.charAt(i);
            if (c == q) {
              valueEnd = i + 1;
              value = text.substring(valueStart + 1, i);
              break;
            }
            if (c == '\n') {
              break;
            }
          }
        } else {
          int i = valueStart;
          while (i < n && i - valueStart < MAX_VALUE && !isValueStop(text.charAt(i))) {
            i++;
          }
          if (i > valueStart) {
            valueEnd = i;
            value = text.substring(valueStart, i);
          }
        }
        if (value != null) {
          d.field(text.substring(keyStart, eq), value);
          next = valueEnd;
        }
      }
      eq = next < n ? text.indexOf('=', next) : -1;
    }
  }

  private static boolean isKeyChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '_'
        || c == '.'
        || c == '@'
        || c == '-';
  }

  private static boolean isKeyStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean isValueStop(char c) {
    return Character.isWhitespace(c) || c == ',' || c == ';' || c == '"' || c == '\'';
  }

  private static String strip(String token) {
    int start = 0;
    int end = token.length();
    if (end > 0 && token.charAt(0) == '[') {
      start = 1;
    }
    while (end > start && (token.charAt(end - 1) == ']' || token.charAt(end - 1) == ':')) {
      end--;
    }
    return token.substring(start, end);
  }
}
