package dev.correlate.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.model.RawLogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JSON lines read from the parser's tokens give exactly what reading them from a tree gives: the
 * same fields in the same order, header, message, facts and event, on random lines (seeded; the
 * case is in the message) and on the cases the tokens leave to the tree.
 */
class JsonTokensTest {
  private static final long SEED = 20_261_207L;
  private static final ParserRules RULES = ParserRules.defaults();
  private static final JsonLines FROM_TOKENS = new JsonLines(RULES, new Ids(RULES), true);
  private static final JsonLines FROM_TREE = new JsonLines(RULES, new Ids(RULES), false);
  private static final JsonTokens TOKENS = new JsonTokens(RULES);
  private static final LogEventParser TOKENS_PARSER = new LogEventParser(RULES, true);
  private static final LogEventParser TREE_PARSER = new LogEventParser(RULES, false);

  private static final List<String> KEYS =
      List.of(
          "message",
          "msg",
          "event",
          "log",
          "level",
          "levelname",
          "severity",
          "log.level",
          "timestamp",
          "asctime",
          "time",
          "ts",
          "logger",
          "name",
          "correlation_id",
          "jobId",
          "status",
          "status_code",
          "path",
          "method",
          "error",
          "exc_info",
          "trace_id",
          "requestId",
          "type",
          "source",
          "detail",
          "",
          "a",
          "b",
          "a.b",
          "k".repeat(130),
          "0");

  private static final List<String> SCALARS =
      List.of(
          "\"INFO\"",
          "\"error\"",
          "\"GET\"",
          "\"/api/v1/backtests\"",
          "\"bt-abc123\"",
          "\"c0ffee00-1234\"",
          "\"2026-11-27T10:00:00.123Z\"",
          "\"2026-11-27 10:00:00,123\"",
          "\"COMPLETED\"",
          "\"Root=1-6a7a67c2-0701d869329bf462748bc57c;Parent=1\"",
          "\"a \\\"quoted\\\" \\\\ line\\nnext \\u00e9 \\ud83d\\ude00\"",
          "\"   padded  \\t\"",
          "\"Traceback (most recent call last):\\n  File \\\"a.py\\\", line 1\\nKeyError: 'x'\"",
          "\"{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"inner\\\",\\\"job_id\\\":\\\"bt-x1\\\"}\"",
          "\"\"",
          "0",
          "-0",
          "42",
          "500",
          "1764237600123",
          "1764237600.5",
          "9223372036854775808",
          "-12345678901234567890",
          "1.50",
          "1e400",
          "-0.0",
          "1E2",
          "0.1",
          "3.14159",
          "true",
          "false",
          "null",
          "{}",
          "[]");

  @Test
  void randomJsonLines_readFromTokens_asFromTree() {
    Random random = new Random(SEED);
    int fromTokens = 0;
    int cases = 3000;
    for (int i = 0; i < cases; i++) {
      String line = object(random, 0);
      assertSame("case " + i + ": " + line, line);
      Draft d = new Draft(RULES);
      if (TOKENS.read(line, d) != null) {
        fromTokens++;
      }
    }
    // the comparison means something only if most lines take the tokens' path
    assertThat(fromTokens).isGreaterThan(cases / 2);
  }

  @Test
  void edgeCases_readFromTokens_asFromTree() {
    List<String> lines =
        List.of(
            "{\"message\":\"hello\",\"msg\":\"kept\",\"level\":\"warn\"}",
            "{\"msg\":\"first\",\"message\":\"preferred\"}",
            "{\"message\":{\"not\":\"text\"},\"msg\":\"the message\"}",
            "{\"log\":{\"level\":\"error\",\"logger\":\"x\"},\"message\":\"nested level\"}",
            "{\"log.level\":null,\"log\":{\"level\":\"error\"}}",
            "{\"log\":[{\"level\":\"error\"}]}",
            "{\"\":{\"message\":\"under an empty key\"},\"message\":\"top\"}",
            "{\"message\":\"top\",\"\":{\"message\":\"under an empty key\"}}",
            "{\"a\":1,\"a\":2}",
            "{\"a\":{\"b\":1},\"a.b\":2}",
            "{\"type\":\"platform.start\",\"time\":\"2026-10-08T07:30:29.470Z\",\"record\":{}}",
            "{\"type\":\"\\u0070latform.start\",\"record\":{\"requestId\":\"r\"}}",
            "{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{}}",
            "{\"d1\":{\"d2\":{\"d3\":{\"d4\":{\"d5\":{\"d6\":{\"d7\":{\"d8\":{\"d9\":1}}}}}}}}}",
            "{\"d1\":{\"d2\":{\"d3\":{\"d4\":{\"d5\":{\"d6\":{\"d7\":{\"d8\":{}}}}}}}}}",
            "{\"" + "k".repeat(200) + "\":{\"x\":[1,2.50,{\"y\":null}]}}",
            "{\"message\":\"x\"} trailing",
            "{\"message\":\"not closed\"",
            "{\"message\":\"x\",}",
            "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}",
            "{\"message\":\"{\\\"message\\\":\\\"inner\\\",\\\"level\\\":\\\"ERROR\\\"}\"}",
            "{\"many\":[" + "1,".repeat(200) + "1]}",
            "{\"message\":\"m\"," + fields(125) + "}",
            "{\"message\":\"m\"," + fields(126) + "}",
            "{\"message\":\"m\"," + fields(127) + "}",
            "{\"message\":\"m\"," + fields(140) + "}",
            "{\"ts\":1764237600123,\"timestamp\":\"bad\",\"time\":1.7642376E9}",
            "{\"@message.length\":\"7\",\"message\":\"m\"}");
    for (String line : lines) {
      assertSame(line, line);
    }
  }

  @Test
  void read_duplicateKey_leavesLineToTreeAndDraftAsItWas() {
    Draft d = new Draft(RULES);
    d.derived(LogEventParser.MESSAGE_LENGTH_FIELD, "9");

    JsonTokens.Header header = new JsonTokens(RULES).read("{\"x\":1,\"y\":{\"z\":2},\"x\":3}", d);

    assertThat(header).isNull();
    assertThat(d.fields).containsExactly(Map.entry(LogEventParser.MESSAGE_LENGTH_FIELD, "9"));
  }

  @Test
  void read_applicationLine_skipsOnlyTheMessageKeysOwnField() {
    Draft d = new Draft(RULES);

    JsonTokens.Header header =
        new JsonTokens(RULES)
            .read("{\"msg\":\"other\",\"message\":\"the line\",\"n\":{\"v\":[true,1.50]}}", d);

    assertThat(header.messageKey()).isEqualTo("message");
    assertThat(header.lookup("message").asText()).isEqualTo("the line");
    assertThat(new ArrayList<>(d.fields.entrySet()))
        .containsExactly(
            Map.entry("msg", "other"), Map.entry("n.v.0", "true"), Map.entry("n.v.1", "1.5"));
  }

  /** The two readers' drafts, field by field in order, and the two parsers' events, agree. */
  private static void assertSame(String description, String line) {
    Draft tokens = new Draft(RULES);
    Draft tree = new Draft(RULES);
    boolean tokensJson = FROM_TOKENS.read(line, tokens, true);
    boolean treeJson = FROM_TREE.read(line, tree, true);
    assertThat(tokensJson).as(description).isEqualTo(treeJson);
    assertThat(new ArrayList<>(tokens.fields.entrySet()))
        .as(description)
        .isEqualTo(new ArrayList<>(tree.fields.entrySet()));
    assertThat(tokens.droppedFields).as(description).isEqualTo(tree.droppedFields);
    assertThat(tokens.message).as(description).isEqualTo(tree.message);
    assertThat(tokens.level).as(description).isEqualTo(tree.level);
    assertThat(tokens.logger).as(description).isEqualTo(tree.logger);
    assertThat(tokens.messageTimestamp).as(description).isEqualTo(tree.messageTimestamp);
    assertThat(tokens.facts()).as(description).isEqualTo(tree.facts());
    RawLogEvent raw =
        new RawLogEvent(
            "123456789012",
            "/aws/lambda/tradai-backtest-prod",
            "2026/11/27/[$LATEST]0123456789abcdef0123456789abcdef",
            List.of(),
            null,
            Map.of(),
            "e1",
            1L,
            line,
            0L,
            RawLogEvent.Intake.BACKFILL,
            null,
            Map.of());
    assertThat(TOKENS_PARSER.parse(raw)).as(description).isEqualTo(TREE_PARSER.parse(raw));
  }

  private static String fields(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
    }
    return b.toString();
  }

  private static String object(Random r, int depth) {
    StringBuilder b = new StringBuilder("{");
    int n = r.nextInt(depth == 0 ? 12 : 5);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",");
      b.append('"').append(KEYS.get(r.nextInt(KEYS.size()))).append(r.nextInt(3) == 0 ? "" : i);
      b.append("\":").append(value(r, depth + 1));
    }
    return b.append('}').toString();
  }

  private static String value(Random r, int depth) {
    int pick = r.nextInt(10);
    if (depth < 11 && pick == 0) {
      return object(r, depth);
    }
    if (depth < 11 && pick == 1) {
      StringBuilder b = new StringBuilder("[");
      int n = r.nextInt(10) == 0 ? 140 : r.nextInt(4);
      for (int i = 0; i < n; i++) {
        b.append(i == 0 ? "" : ",").append(value(r, depth + 1));
      }
      return b.append(']').toString();
    }
    return SCALARS.get(r.nextInt(SCALARS.size()));
  }
}
