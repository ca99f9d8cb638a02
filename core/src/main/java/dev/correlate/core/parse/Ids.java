package dev.correlate.core.parse;

import dev.correlate.core.parse.ParserRules.IdRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds identifiers and id-like facts in text: correlation and job ids in their text forms and as bare
 * tokens, ECS task ARNs, S3 paths, X-Ray trace ids, exit codes and job status updates. Every search is either
 * a literal scan or a regular expression whose repetitions are bounded, so the work is linear in the text.
 */
final class Ids {
  /** After a text key: separator, optional quotes (also JSON-escaped ones), then the value token. */
  private static final Pattern KEY_VALUE = Pattern.compile(
      "\\\\?[\"']?[ \\t]{0,8}[:=][ \\t]{0,8}\\\\?[\"']?([^\\s\"',;&)}\\]\\\\<>]{1,129})");
  private static final Pattern TASK_ARN = Pattern.compile(
      "arn:aws[a-z-]{0,16}:ecs:[a-z0-9-]{1,32}:\\d{12}:task/(?:[A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9-]{1,64}"
          + "(?![A-Za-z0-9-])");
  private static final Pattern S3_PATH = Pattern.compile(
      "s3://[a-z0-9][a-z0-9.-]{1,62}/[^\\s\"'<>\\\\,;)\\]}|]{0,1024}");
  private static final Pattern XRAY = Pattern.compile("(?<![A-Za-z0-9-])1-[0-9a-f]{8}-[0-9a-f]{24}(?![A-Za-z0-9])");
  private static final Pattern EXIT_CODE = Pattern.compile(
      "(?<![A-Za-z])exit(?:ed)?[ _-]?(?:with[ _-])?(?:code|status)\\\\?[\"']?[ \\t]{0,4}[:=]?[ \\t]{0,4}(-?\\d{1,3})"
          + "(?!\\d)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern STATUS_VALUE = Pattern.compile(
      "\\\\?[\"']?[ \\t]{0,8}[:=][ \\t]{0,8}\\\\?[\"']?([A-Za-z_]{2,24})(?![A-Za-z_])");
  private static final String TOKEN_BOUNDARY = "A-Za-z0-9_-";

  private final ParserRules rules;
  private final TextKeys correlation;
  private final TextKeys job;

  Ids(ParserRules rules) {
    this.rules = rules;
    this.correlation = new TextKeys(rules.correlation());
    this.job = new TextKeys(rules.job());
  }

  /** Searches {@code text} (already cut to the scan limit) for every id and id-like fact. */
  void scan(String text, Draft d) {
    correlation.scan(text, d::correlationId);
    job.scan(text, d::jobId);
    if (text.indexOf("arn:aws") >= 0 && text.indexOf(":ecs:") >= 0) {
      Matcher m = TASK_ARN.matcher(text);
      while (m.find()) {
        d.taskArn(m.group());
      }
    }
    if (text.indexOf("s3://") >= 0) {
      Matcher m = S3_PATH.matcher(text);
      while (m.find()) {
        String path = stripTrailing(m.group(), ".:");
        if (path.length() > "s3://".length()) {
          d.s3Path(path);
        }
      }
    }
    if (d.xrayTraceId == null && text.indexOf("1-") >= 0) {
      Matcher m = XRAY.matcher(text);
      if (m.find()) {
        d.xrayTraceId = m.group();
      }
    }
    if (d.exitCode == null && ParseText.containsIgnoreCase(text, "exit")) {
      Matcher m = EXIT_CODE.matcher(text);
      if (m.find()) {
        d.exitCode = Integer.parseInt(m.group(1));
      }
    }
    if (d.statusUpdate == null) {
      forEachKey(text, "status", end -> {
        Matcher m = STATUS_VALUE.matcher(text).region(end, text.length());
        if (m.lookingAt()) {
          String word = ParseText.upper(m.group(1));
          if (rules.statusWords().contains(word)) {
            d.statusUpdate = word;
            return true;
          }
        }
        return false;
      });
    }
  }

  /** Takes a structured field whose last key segment names an id. */
  void field(String key, String value, Draft d, boolean lambdaSource) {
    int dot = key.lastIndexOf('.');
    String last = (dot < 0 ? key : key.substring(dot + 1)).toLowerCase(Locale.ROOT);
    String v = value.trim();
    if (rules.correlation().jsonKeys().contains(last)) {
      if (valid(v, rules.correlation())) {
        d.correlationId(v);
      }
    } else if (rules.job().jsonKeys().contains(last)) {
      if (valid(v, rules.job())) {
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

  static boolean valid(String id, IdRule rule) {
    return id.length() <= 128 && rule.pattern().matcher(id).matches();
  }

  static boolean isXrayTraceId(String s) {
    return s.length() == 35 && XRAY.matcher(s).matches();
  }

  /** The trace id in {@code Root=1-…;Parent=…}, {@code 1-…} or an {@code X-Amzn-Trace-Id} value, or null. */
  static String xrayRoot(String s) {
    if (s.length() > 256) {
      return null;
    }
    Matcher m = XRAY.matcher(s);
    return m.find() ? m.group() : null;
  }

  private static String stripTrailing(String s, String chars) {
    int end = s.length();
    while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Calls {@code atValue} with the index after each whole-word occurrence of {@code key}, ignoring case. */
  private static void forEachKey(String text, String key, KeyHit atValue) {
    int n = key.length();
    char lower = Character.toLowerCase(key.charAt(0));
    char upper = Character.toUpperCase(key.charAt(0));
    for (int i = 0, last = text.length() - n; i <= last; i++) {
      char c = text.charAt(i);
      if ((c == lower || c == upper) && (i == 0 || !isWordChar(text.charAt(i - 1)))
          && text.regionMatches(true, i, key, 0, n)) {
        if (atValue.at(i + n)) {
          return;
        }
        i += n - 1;
      }
    }
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  @FunctionalInterface
  private interface KeyHit {
    /** Returns true to stop searching. */
    boolean at(int valueStart);
  }

  /** The text forms and bare tokens of one kind of id. */
  private static final class TextKeys {
    private final IdRule rule;
    private final List<Bare> bare = new ArrayList<>();

    TextKeys(IdRule rule) {
      this.rule = rule;
      for (Pattern p : rule.bare()) {
        bare.add(new Bare(Pattern.compile("(?<![" + TOKEN_BOUNDARY + "])(?:" + p.pattern() + ")(?!["
            + TOKEN_BOUNDARY + "])"), literalPrefix(p.pattern())));
      }
    }

    void scan(String text, java.util.function.Consumer<String> sink) {
      for (String key : rule.textKeys()) {
        forEachKey(text, key, end -> {
          Matcher m = KEY_VALUE.matcher(text).region(end, text.length());
          if (m.lookingAt()) {
            String id = stripTrailing(m.group(1), ".:");
            if (valid(id, rule)) {
              sink.accept(id);
            }
          }
          return false;
        });
      }
      for (Bare b : bare) {
        if (b.gate.isEmpty() || text.indexOf(b.gate) >= 0) {
          Matcher m = b.pattern.matcher(text);
          while (m.find()) {
            if (valid(m.group(), rule)) {
              sink.accept(m.group());
            }
          }
        }
      }
    }

    /** The literal characters a pattern must start with (empty when it has alternatives or none). */
    private static String literalPrefix(String pattern) {
      if (pattern.indexOf('|') >= 0) {
        return "";
      }
      int i = 0;
      while (i < pattern.length() && (Character.isLetterOrDigit(pattern.charAt(i)) || pattern.charAt(i) == '-'
          || pattern.charAt(i) == '_')) {
        i++;
      }
      // a quantifier after the last literal makes that character optional
      if (i < pattern.length() && "?*{".indexOf(pattern.charAt(i)) >= 0) {
        i = Math.max(0, i - 1);
      }
      return pattern.substring(0, i);
    }

    private record Bare(Pattern pattern, String gate) {}
  }
}
