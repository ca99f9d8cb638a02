package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and random input never throws out of the parser (nor out of multi-line joining), and the
 * output stays within the rules' bounds. Seeded, so a failure reproduces; the seed and case are in
 * the message. The timeout only guards against a hang (catastrophic backtracking); it makes no
 * performance claim.
 */
class LogEventParserFuzzTest {
  private static final long SEED = 20_261_127L;
  private static final LogEventParser PARSER = new LogEventParser();
  private static final ParserRules.Limits LIMITS = ParserRules.defaults().limits();
  private static final int ONE_MB = 1 << 20;
  private static final String ALPHABET = "{}[]\":,=\\\t\n -_.aZ019/@$'";

  private static final List<String> SAMPLES =
      List.of(
          "START RequestId: 69594c41-8463-4f69-b9b4-ff6c49813475 Version: $LATEST\n",
          "REPORT RequestId: 69594c41-8463-4f69-b9b4-ff6c49813475\tDuration: 1655.10 ms\tBilled Duration: 1978 ms\t"
              + "Memory Size: 256 MB\tMax Memory Used: 97 MB\tInit Duration: 322.04 ms\t\nXRAY TraceId: "
              + "1-6a7a67c2-0701d869329bf462748bc57c\tSegmentId: 854892f93105b5ae\tSampled: true\n",
          "INIT_REPORT Init Duration: 316.80 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n",
          "2026-06-23T14:08:22.417Z 5f3c1a9e-0000-4000-8000-000000000000 Task timed out after 3.01 seconds\n",
          "[INFO]\t2026-09-24T00:00:02.000Z\t69594c41-8463-4f69-b9b4-ff6c49813475\tProcessing correlation_id=c0ffee00-1"
              + "234-4abc-8def-000000000001 job_id=bt-abc123\n",
          "{\"time\":\"2026-10-08T07:30:29.470Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"79b5e81f-9cdd-"
              + "4145-b1f6-7c50ef8a2a36\",\"metrics\":{\"durationMs\":1233.96,\"billedDurationMs\":1698,\"memorySizeMB\":"
              + "256,\"maxMemoryUsedMB\":123,\"initDurationMs\":463.512},\"status\":\"success\"}}",
          "{\"timestamp\":\"2026-10-08T07:30:29.443Z\",\"level\":\"ERROR\",\"requestId\":\"79b5e81f-9cdd-4145-b1f6-"
              + "7c50ef8a2a36\",\"message\":\"{\\\"level\\\":\\\"ERROR\\\","
              + "\\\"message\\\":\\\"Widget update failed\\\"}\"}",
          "{\"asctime\": \"2026-11-27 10:00:00,123\", \"levelname\": \"INFO\", \"name\": \"tradai.backend.api\", "
              + "\"message\": \"Started ECS task arn:aws:ecs:eu-central-1:123456789012:task/tradai-prod/9f1c2b3d4e5f60718"
              + "293a4b5c6d7e8f9\", \"correlation_id\": \"c0ffee00-1234\", \"job_id\": \"bt-abc123\", \"status\": "
              + "\"COMPLETED\"}",
          "2026-11-27 10:00:01,234 INFO [data_collection.api] correlation_id=c0ffee00-1234 symbol=BTC/USDT\n",
          "2026-11-27 10:05:00,000 - tradai.runner - ERROR - Backtest failed: MemoryError: Unable to allocate; results "
              + "s3://tradai-results-prod/backtests/bt-abc123/result.json exit code 137\n",
          "INFO:     10.0.1.5:51234 - \"POST /api/v1/backtests HTTP/1.1\" 202 Accepted in 12.5 ms",
          "Traceback (most recent call last):\n  File \"/app/a.py\", line 1, in f\nKeyError: 'x'",
          "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
          "\tat dev.tradai.Runner.run(Runner.java:42)");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void randomAndHostileInput_neverThrowsAndStaysBounded() {
    Random random = new Random(SEED);
    MultilineErrors.State state = null;
    int cases = 0;
    for (int i = 0; i < 1500; i++) {
      state = check(i, raw(random, randomBytes(random)), state);
      state = check(i, raw(random, randomChars(random)), state);
      state =
          check(i, raw(random, mutate(random, SAMPLES.get(random.nextInt(SAMPLES.size())))), state);
      cases += 3;
    }
    List<Function<Random, String>> bombs =
        List.of(
            r -> "{\"a\":".repeat(1000) + "1" + "}".repeat(1000),
            r -> "[".repeat(1000) + "]".repeat(1000),
            r -> "{\"message\":\"" + "{\\\"a\\\":".repeat(1000) + "1" + "}".repeat(1000) + "\"}",
            r -> "{\"message\":\"" + "x".repeat(ONE_MB) + "\"}",
            r -> "a".repeat(ONE_MB),
            r -> "a.".repeat(ONE_MB / 2),
            r -> "k=v ".repeat(ONE_MB / 4),
            r -> "bt-a ".repeat(ONE_MB / 5),
            r -> "correlation_id=".repeat(ONE_MB / 15),
            r -> "s3://bucket/".repeat(ONE_MB / 12),
            r -> "arn:aws:ecs:".repeat(ONE_MB / 12),
            r -> "GET /" + "a".repeat(ONE_MB),
            r -> "Error".repeat(ONE_MB / 5),
            r -> "2026-11-27 10:00:00,000 - x - ERROR - " + "aError.".repeat(ONE_MB / 7),
            r ->
                "Traceback (most recent call last):\n"
                    + "  File \"x\", line 1\n".repeat(ONE_MB / 20)
                    + "E: x",
            r -> "exit".repeat(ONE_MB / 4),
            r -> "status".repeat(ONE_MB / 6),
            r -> "1-".repeat(ONE_MB / 2),
            r -> "{" + "\"k\":1,".repeat(ONE_MB / 6) + "\"z\":0}",
            r -> "{\"a\":[" + "1,".repeat(ONE_MB / 2) + "1]}",
            r -> "[ERROR]\t" + "\t".repeat(ONE_MB),
            r -> "2026-11-27T10:00:00Z" + "\t".repeat(ONE_MB),
            r -> "\uD800".repeat(1000) + "{\"message\":\"\uDC00\"}",
            r ->
                new String(
                        new byte[] {
                          (byte) 0xC3,
                          (byte) 0x28,
                          (byte) 0xA0,
                          (byte) 0xA1,
                          (byte) 0xF0,
                          (byte) 0x28,
                          (byte) 0x8C,
                          (byte) 0xBC
                        },
                        StandardCharsets.UTF_8)
                    + "{\"level\":\"\u0000\"}");
    for (int b = 0; b < bombs.size(); b++) {
      state = check(10_000 + b, raw(random, bombs.get(b).apply(random)), state);
      cases++;
    }
    assertThat(cases).isGreaterThan(4000);
  }

  private static MultilineErrors.State check(
      int index, RawLogEvent raw, MultilineErrors.State state) {
    LogEvent event = PARSER.parse(raw);
    String context = "seed " + SEED + ", case " + index;
    assertThat(event).as(context).isNotNull();
    assertThat(event.fields().get(LogEventParser.PARSE_ERROR_FIELD))
        .as(context + ": unexpected failure")
        .isNull();
    assertThat(event.message().length()).as(context).isLessThanOrEqualTo(LIMITS.maxMessageChars());
    assertThat(event.fields().size()).as(context).isLessThanOrEqualTo(LIMITS.maxFields() + 3);
    event
        .fields()
        .forEach(
            (k, v) -> {
              assertThat(k.length()).as(context).isLessThanOrEqualTo(LIMITS.maxKeyChars());
              assertThat(v.length()).as(context).isLessThanOrEqualTo(LIMITS.maxValueChars());
            });
    assertThat(event.correlationIds())
        .as(context)
        .hasSizeLessThanOrEqualTo(16)
        .allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9._:-]{6,128}"));
    assertThat(event.jobIds())
        .as(context)
        .hasSizeLessThanOrEqualTo(16)
        .allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9._:-]{1,128}"));
    return MultilineErrors.next(state, event).state();
  }

  private static RawLogEvent raw(Random random, String message) {
    String group = random.nextInt(4) == 0 ? randomAscii(random, 40) : "/ecs/tradai-strategy-prod";
    String stream =
        random.nextInt(4) == 0
            ? randomAscii(random, 60)
            : "ecs/strategy/9f1c2b3d4e5f60718293a4b5c6d7e8f9";
    Map<String, String> extracted =
        random.nextInt(8) == 0
            ? Map.of(
                "@source.log", randomAscii(random, 20), "@aws.account", randomAscii(random, 12))
            : Map.of();
    return new RawLogEvent(
        randomAscii(random, 12),
        group,
        stream,
        List.of(),
        null,
        extracted,
        Long.toString(random.nextLong()),
        random.nextLong(),
        message,
        0L,
        RawLogEvent.Intake.BACKFILL,
        null,
        Map.of());
  }

  private static String randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(2000)];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String randomChars(Random random) {
    char[] chars = new char[random.nextInt(500)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] =
          random.nextInt(3) == 0
              ? (char) random.nextInt(0x10000)
              : ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }

  private static String randomAscii(Random random, int max) {
    char[] chars = new char[random.nextInt(max + 1)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) (32 + random.nextInt(95));
    }
    return new String(chars);
  }

  /** Cuts, repeats, deletes and replaces parts of a realistic line. */
  private static String mutate(Random random, String line) {
    StringBuilder b = new StringBuilder(line);
    int edits = 1 + random.nextInt(6);
    for (int e = 0; e < edits && b.length() > 0; e++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(5)) {
        case 0:
          b.setLength(at);
          break;
        case 1:
          b.deleteCharAt(at);
          break;
        case 2:
          b.setCharAt(at, (char) random.nextInt(0x10000));
          break;
        case 3:
          b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(40))));
          break;
        default:
          b.insert(at, "{}[]\":,=\\".charAt(random.nextInt(9)));
          break;
      }
    }
    return b.toString();
  }
}
