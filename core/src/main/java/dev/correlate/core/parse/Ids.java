package dev.correlate.core.parse;

import dev.correlate.core.parse.ParserRules.IdRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds identifiers and id-like facts in text: correlation and job ids in their text forms and as
 * bare tokens, ECS task ARNs, S3 paths, X-Ray trace ids, exit codes and job status updates. Every
 * search is either a literal scan or a regular expression whose repetitions are bounded, so the
 * work is linear in the text.
 */
final class Ids {
  private static final Pattern TASK_ARN =
      Pattern.compile(
          "arn:aws[a-z-]{0,16}:ecs:[a-z0-9-]{1,32}:\\d{12}:task/(?:[A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9-]{1,64}"
              + "(?![A-Za-z0-9-])");
  private static final Pattern S3_PATH =
      Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,62}/[^\\s\"'<>\\\\,;)\\]}|]{0,1024}");
  private static final Pattern XRAY =
      Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}(?![A-Za-z0-9_-])");
  private static final Pattern EXIT_CODE =
      Pattern.compile(
          "(?<![A-Za-z])exit(?:ed)?[ _-]?(?:with[ _-])?(?:code|status)\\\\?[\"']?[ \\t]{0,4}[:=]?[ \\t]{0,4}(-?\\d{1,3})"
              + "(?!\\d)",
          Pattern.CASE_INSENSITIVE);
  private static final String TOKEN_BOUNDARY = "A-Za-z0-9_-";

  private static final int CORRELATION = 0;
  private static final int JOB = 1;
  private static final int STATUS = 2;

  private final ParserRules rules;
  private final IdCheck correlationCheck;
  private final IdCheck jobCheck;
  private final BareTokens correlationTokens;
  private final BareTokens jobTokens;

  /**
   * Text keys by their first character (ASCII, lower case): one pass over a line finds them all.
   */
  private final TextKey[][] keysByFirstChar = new TextKey[128][];

  Ids(ParserRules rules) {
    this.rules = rules;
    this.correlationCheck = IdCheck.of(rules.correlation().pattern());
    this.jobCheck = IdCheck.of(rules.job().pattern());
    this.correlationTokens = new BareTokens(rules.correlation(), correlationCheck);
    this.jobTokens = new BareTokens(rules.job(), jobCheck);
    List<TextKey> keys = new ArrayList<>();
    rules.correlation().textKeys().forEach(k -> keys.add(new TextKey(k, CORRELATION)));
    rules.job().textKeys().forEach(k -> keys.add(new TextKey(k, JOB)));
    keys.add(new TextKey("status", STATUS));
    for (TextKey key : keys) {
      int first = Character.toLowerCase(key.key().charAt(0));
      TextKey[] same = keysByFirstChar[first];
      TextKey[] grown =
          same == null ? new TextKey[1] : java.util.Arrays.copyOf(same, same.length + 1);
      grown[grown.length - 1] = key;
      keysByFirstChar[first] = grown;
    }
  }

  /** Searches {@code text} (already cut to the scan limit) for every id and id-like fact. */
  void scan(String text, Draft d) {
    textKeys(text, d);
    correlationTokens.scan(text, d::correlationId);
    jobTokens.scan(text, d::jobId);
    if (text.indexOf(":ecs:") >= 0) {
      at(text, "arn:aws", false, TASK_ARN, m -> d.taskArn(m.group()));
    }
    at(
        text,
        "s3://",
        false,
        S3_PATH,
        m -> {
          String path = stripTrailing(m.group(), ".:");
          if (path.length() > "s3://".length()) {
            d.s3Path(path);
          }
        });
    if (d.xrayTraceId == null) {
      at(
          text,
          "1-",
          true,
          XRAY,
          m -> {
            if (d.xrayTraceId == null) {
              d.xrayTraceId = m.group();
            }
          });
    }
    // an ECS task state change states its exit code itself (and none while the task runs)
    if (d.exitCode == null && d.ecsTask == null && ParseText.containsIgnoreCase(text, "exit")) {
      Matcher m = EXIT_CODE.matcher(text);
      if (m.find()) {
        d.exitCode = Integer.parseInt(m.group(1));
      }
    }
  }

  /**
   * Finds every text key ({@code key=value}, {@code key: value}, {@code "key": "value"}, ignoring
   * case, not inside a longer word) in one pass and takes the value after it: a correlation id, a
   * job id or a status.
   */
  private void textKeys(String text, Draft d) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      TextKey[] candidates = c < 128 ? keysByFirstChar[Character.toLowerCase(c)] : null;
      if (candidates == null || i > 0 && isTokenChar(text.charAt(i - 1))) {
        continue;
      }
      for (TextKey key : candidates) {
        int len = key.key().length();
        if (text.regionMatches(true, i, key.key(), 0, len)) {
          value(text, i + len, key.kind(), d);
        }
      }
    }
  }

  private void value(String text, int from, int kind, Draft d) {
    if (kind == STATUS) {
      if (d.statusUpdate == null) {
        String word = valueAfter(text, from, Ids::isWordChar, 24, true);
        if (word != null
            && word.length() >= 2
            && rules.statusWords().contains(ParseText.upper(word))) {
          d.statusUpdate = ParseText.upper(word);
        }
      }
      return;
    }
    String value = valueAfter(text, from, Ids::isValueChar, 129, false);
    if (value == null) {
      return;
    }
    String id = stripTrailing(value, ".:");
    if (kind == CORRELATION && correlationCheck.test(id)) {
      d.correlationId(id);
    } else if (kind == JOB && jobCheck.test(id)) {
      d.jobId(id);
    }
  }

  /**
   * The value after a text key: optional closing quote (also JSON-escaped), up to 8 blanks, {@code
   * :} or {@code =}, up to 8 blanks, optional opening quote, then the longest run (at most {@code
   * max}) of characters {@code part} accepts; null when the text has no value there. For a word
   * value, the run must end where the word ends.
   */
  private static String valueAfter(
      String text, int from, CharTest part, int max, boolean wholeWord) {
    int n = text.length();
    int i = quote(text, from);
    i = blanks(text, i);
    if (i >= n || text.charAt(i) != ':' && text.charAt(i) != '=') {
      return null;
    }
    i = quote(text, blanks(text, i + 1));
    int start = i;
    while (i < n && i - start < max && part.test(text.charAt(i))) {
      i++;
    }
    if (i == start || wholeWord && i < n && part.test(text.charAt(i))) {
      return null;
    }
    return text.substring(start, i);
  }

  private static int quote(String text, int i) {
    if (i < text.length() && text.charAt(i) == '\\') {
      i++;
    }
    if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
      i++;
    }
    return i;
  }

  private static int blanks(String text, int i) {
    int limit = Math.min(text.length(), i + 8);
    while (i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** A character of an id value in text: anything up to whitespace, a quote or a delimiter. */
  private static boolean isValueChar(char c) {
    return !Character.isWhitespace(c) && "\"',;&)}]\\<>".indexOf(c) < 0;
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  @FunctionalInterface
  private interface CharTest {
    boolean test(char c);
  }

  /**
   * Calls {@code hit} for each match of {@code pattern} that starts at an occurrence of {@code
   * literal} (the pattern's own first characters), when {@code wholeToken}, only where no token
   * character precedes it. Finding candidates with {@link String#indexOf} keeps the regular
   * expression off most of the text.
   */
  static void at(
      String text,
      String literal,
      boolean wholeToken,
      Pattern pattern,
      java.util.function.Consumer<Matcher> hit) {
    Matcher m = null;
    int i = text.indexOf(literal);
    while (i >= 0) {
      int next = i + 1;
      if (!wholeToken || i == 0 || !isTokenChar(text.charAt(i - 1))) {
        if (m == null) {
          m = pattern.matcher(text).useTransparentBounds(true);
        }
        m.region(i, text.length());
        if (m.lookingAt()) {
          hit.accept(m);
          next = Math.max(next, m.end());
        }
      }
      i = text.indexOf(literal, next);
    }
  }

  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '_'
        || c == '-';
  }

  /** Takes {@code value} as a job id if it is a valid one. */
  void job(String value, Draft d) {
    if (jobCheck.test(value)) {
      d.jobId(value);
    }
  }

  /** Takes {@code value} as a correlation id if it is a valid one. */
  void correlation(String value, Draft d) {
    if (correlationCheck.test(value)) {
      d.correlationId(value);
    }
  }

  /** Takes a structured field whose last key segment names an id. */
  void field(String key, String value, Draft d, boolean lambdaSource) {
    int dot = key.lastIndexOf('.');
    String last = (dot < 0 ? key : key.substring(dot + 1)).toLowerCase(Locale.ROOT);
    String v = value.trim();
    if (rules.correlation().jsonKeys().contains(last)) {
      if (correlationCheck.test(v)) {
        d.correlationId(v);
      }
    } else if (rules.job().jsonKeys().contains(last)) {
      if (jobCheck.test(v)) {
        d.jobId(v);
      }
    } else if (lambdaSource && d.lambdaRequestId == null && isRequestIdKey(last)) {
      d.lambdaRequestId = LambdaLines.requestId(v);
    } else if (d.xrayTraceId == null && last.contains("trace")) {
      String root = xrayRoot(v);
      if (root != null) {
        d.xrayTraceId = root;
      }
    } else if (d.statusUpdate == null && last.equals("status")) {
      String word = ParseText.upper(v);
      if (rules.statusWords().contains(word)) {
        d.statusUpdate = word;
      }
    }
  }

  private boolean isRequestIdKey(String lowerKey) {
    for (String k : rules.lambdaRequestIdKeys()) {
      if (k.equalsIgnoreCase(lowerKey)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a value is a valid id by a rule's pattern, matched entirely. The default token class
   * {@code [A-Za-z0-9._:-]{m,n}} is checked by hand: it is checked for every id candidate.
   */
  private record IdCheck(Pattern pattern, int min, int max) {
    private static final Pattern TOKEN_CLASS =
        Pattern.compile(Pattern.quote("[A-Za-z0-9._:-]{") + "(\\d{1,3}),(\\d{1,3})\\}");

    static IdCheck of(Pattern pattern) {
      Matcher m = TOKEN_CLASS.matcher(pattern.pattern());
      return m.matches()
          ? new IdCheck(pattern, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
          : new IdCheck(pattern, -1, -1);
    }

    boolean test(String id) {
      int n = id.length();
      if (n > 128) {
        return false;
      }
      if (min < 0) {
        return pattern.matcher(id).matches();
      }
      if (n < min || n > max) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (!ParseText.isIdChar(id.charAt(i))) {
          return false;
        }
      }
      return true;
    }
  }

  static boolean isXrayTraceId(String s) {
    return s.length() == 35 && XRAY.matcher(s).matches();
  }

  /**
   * The trace id in {@code Root=1-…;Parent=…}, {@code 1-…} or an {@code X-Amzn-Trace-Id} value, or
   * null.
   */
  static String xrayRoot(String s) {
    if (s.length() > 256) {
      return null;
    }
    String[] found = new String[1];
    at(
        s,
        "1-",
        true,
        XRAY,
        m -> {
          if (found[0] == null) {
            found[0] = m.group();
          }
        });
    return found[0];
  }

  private static String stripTrailing(String s, String chars) {
    int end = s.length();
    while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  private record TextKey(String key, int kind) {}

  /** The bare tokens of one kind of id (ids on their own anywhere in a line, like {@code bt-…}). */
  private static final class BareTokens {
    private final IdCheck check;
    private final List<Bare> bare = new ArrayList<>();

    BareTokens(IdRule rule, IdCheck check) {
      this.check = check;
      for (Pattern p : rule.bare()) {
        String prefix = literalPrefix(p.pattern());
        String after = "(?:" + p.pattern() + ")(?![" + TOKEN_BOUNDARY + "])";
        // with a literal prefix, candidates are found by indexOf and the boundary before is checked
        // by hand
        bare.add(
            prefix.isEmpty()
                ? new Bare(Pattern.compile("(?<![" + TOKEN_BOUNDARY + "])" + after), "")
                : new Bare(Pattern.compile(after), prefix));
      }
    }

    void scan(String text, java.util.function.Consumer<String> sink) {
      for (Bare b : bare) {
        java.util.function.Consumer<Matcher> take =
            m -> {
              if (check.test(m.group())) {
                sink.accept(m.group());
              }
            };
        if (b.prefix.isEmpty()) {
          Matcher m = b.pattern.matcher(text);
          while (m.find()) {
            take.accept(m);
          }
        } else {
          at(text, b.prefix, true, b.pattern, take);
        }
      }
    }

    /**
     * The literal characters a pattern must start with (empty when it has alternatives or none).
     */
    private static String literalPrefix(String pattern) {
      if (pattern.indexOf('|') >= 0) {
        return "";
      }
      int i = 0;
      while (i < pattern.length()
          && (Character.isLetterOrDigit(pattern.charAt(i))
              || pattern.charAt(i) == '-'
              || pattern.charAt(i) == '_')) {
        i++;
      }
      // a quantifier after the last literal makes that character optional
      if (i < pattern.length() && "?*{".indexOf(pattern.charAt(i)) >= 0) {
        i = Math.max(0, i - 1);
      }
      return pattern.substring(0, i);
    }

    private record Bare(Pattern pattern, String prefix) {}
  }
}
