package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.storage.Documents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTranscoderTest {
  private static final long T0 = Fixtures.T0;

  /** Every optional part absent, then every one present, then the shapes between. */
  private static final List<LogEvent> SHAPES =
      List.of(
          new LogEvent(
              "min", T0, null, T0, "/g", "s", null, null, null, null, null, null, null, "", null,
              null, null, null, null, null, null, null, null),
          new LogEvent(
              "full",
              T0 + 1234,
              T0 + 1200,
              T0 + 1300,
              "/ecs/tradai-strategy-prod",
              "strategy/main/4f1c2d9e",
              "123456789012",
              "eu-central-1",
              "strategy",
              "prod",
              SourceKind.ECS_TASK,
              Level.FATAL,
              "tradai.strategy",
              "MemoryError: \"quoted\" \\ tab\t new\nline é ✓ \u0001",
              Map.of("zeta", "1", "alpha", "two words", "m.nested", "{\"x\":1}", "Beta", ""),
              List.of("c-1", "c-2"),
              List.of("bt-1"),
              "req-1",
              "0123456789abcdef0123456789abcdef",
              List.of("arn:aws:ecs:eu-central-1:1:task/x"),
              "1-5f84c7a5-1234567890abcdef12345678",
              new Facts(
                  null,
                  new Facts.HttpFacts("GET", "/x", 500, 1.5),
                  null,
                  List.of("s3://b/k"),
                  "running",
                  137,
                  null,
                  null),
              new Link(Link.Via.LAMBDA_INVOCATION, "req:req-1")),
          new LogEvent(
              "self",
              T0 - 5,
              null,
              T0,
              "/aws/lambda/tradai-backend",
              "2026/11/27/[$LATEST]ab",
              "1",
              null,
              "backend",
              null,
              SourceKind.LAMBDA,
              Level.DEBUG,
              null,
              "line",
              Map.of("k", "v"),
              List.of(),
              List.of("j"),
              null,
              null,
              List.of(),
              null,
              null,
              Link.SELF),
          new LogEvent(
              "unlinked",
              T0,
              null,
              T0,
              "/g",
              "s",
              null,
              null,
              "svc",
              "dev",
              SourceKind.ECS_SERVICE,
              Level.WARN,
              "l",
              "m",
              Map.of(),
              List.of("c"),
              List.of(),
              null,
              "task",
              null,
              null,
              null,
              new Link(Link.Via.UNLINKED, null)));

  @Test
  void copy_writesTheSameJsonAsTheEventView_forEveryShapeOfEvent() {
    for (LogEvent event : SHAPES) {
      for (Long base : new Long[] {null, T0, T0 + 5000}) {
        assertThat(transcode(Documents.event(event), base))
            .as("%s, base %s", event.eventId(), base)
            .isEqualTo(Json.writeString(Views.Event.of(event, base)));
      }
    }
  }

  @Test
  void storedOrder_isTheOrderOfTheIndexersDocuments_soTheirNamesAreMatchedWithoutALookup()
      throws IOException {
    List<String> order = EventTranscoder.STORED_ORDER;
    for (LogEvent event : SHAPES) {
      List<String> names = new ArrayList<>();
      Json.mapper().readTree(Documents.event(event)).fieldNames().forEachRemaining(names::add);
      assertThat(order).as(event.eventId()).containsSubsequence(names);
    }
  }

  @Test
  void copy_readsPropertiesInAnyOrder_andIgnoresUnknownOnes() throws IOException {
    for (LogEvent event : SHAPES) {
      ObjectNode stored = (ObjectNode) Json.mapper().readTree(Documents.event(event));
      List<String> names = new ArrayList<>();
      stored.fieldNames().forEachRemaining(names::add);
      Collections.reverse(names);
      ObjectNode reversed = Json.mapper().createObjectNode();
      reversed
          .putObject("unknown")
          .putArray("nested")
          .add(1)
          .addObject()
          .put("event_id", "not this one");
      names.forEach(name -> reversed.set(name, stored.get(name)));
      reversed.put("later_field", "ignored");

      assertThat(transcode(Json.write(reversed), T0))
          .as(event.eventId())
          .isEqualTo(Json.writeString(Views.Event.of(event, T0)));
    }
  }

  @Test
  void copy_readsAbsentListsAndEnumsAsTheRecordReaderDoes() throws IOException {
    String stored =
        "{\"event_id\":\"e\",\"timestamp\":5,\"log_group\":\"/g\",\"log_stream\":\"s\",\"message\":\"m\","
            + "\"fields\":null,\"job_ids\":null,\"link\":null}";
    LogEvent record = Json.read(stored.getBytes(StandardCharsets.UTF_8), LogEvent.class);

    assertThat(transcode(stored.getBytes(StandardCharsets.UTF_8), 0L))
        .isEqualTo(Json.writeString(Views.Event.of(record, 0L)))
        .contains(
            "\"source_kind\":\"other\",\"level\":\"INFO\"", "\"correlation_ids\":[],\"job_ids\":[]")
        .doesNotContain("fields", "linked_via", "ecs_task_arns");
  }

  @Test
  void copy_sortsFieldsByKeyFromAnyStoredOrder_aKeyStoredTwiceKeepingItsLastValue() {
    for (String fields :
        List.of(
            "\"b\":\"2\",\"a\":\"1\",\"C\":\"3\",\"a.x\":\"4\"",
            "\"a.x\":\"4\",\"C\":\"3\",\"b\":\"2\",\"a\":\"1\"",
            "\"a\":\"1\",\"b\":\"2\",\"C\":\"3\",\"a.x\":\"4\"",
            "\"a\":\"0\",\"b\":\"2\",\"a\":\"1\",\"C\":\"3\",\"a.x\":\"4\"")) {
      byte[] stored =
          ("{\"event_id\":\"e\",\"timestamp\":5,\"log_group\":\"/g\",\"log_stream\":\"s\","
                  + "\"message\":\"m\",\"fields\":{"
                  + fields
                  + "}}")
              .getBytes(StandardCharsets.UTF_8);
      LogEvent record = Json.read(stored, LogEvent.class);

      assertThat(transcode(stored, 0L))
          .as(fields)
          .isEqualTo(Json.writeString(Views.Event.of(record, 0L)))
          .contains("\"fields\":{\"C\":\"3\",\"a\":\"1\",\"a.x\":\"4\",\"b\":\"2\"}");
    }
  }

  @Test
  void copy_refusesWhatTheRecordReaderRefuses() {
    String valid =
        "\"event_id\":\"e\",\"timestamp\":5,\"log_group\":\"/g\",\"log_stream\":\"s\",\"message\":\"m\"";
    for (String stored :
        List.of(
            "{\"timestamp\":5,\"log_group\":\"/g\",\"log_stream\":\"s\",\"message\":\"m\"}",
            "{" + valid + ",\"level\":\"LOUD\"}",
            "{" + valid + ",\"source_kind\":\"MAINFRAME\"}",
            "{" + valid + ",\"fields\":[\"a\"]}",
            "{" + valid + ",\"fields\":{\"a\":null}}",
            "{" + valid + ",\"job_ids\":\"bt-1\"}",
            "{" + valid + ",\"job_ids\":[null]}",
            "{" + valid + ",\"service\":{\"name\":\"x\"}}",
            "{" + valid + ",\"link\":{\"via\":\"CARRIER_PIGEON\"}}")) {
      byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> Json.read(bytes, LogEvent.class))
          .as("record reader, %s", stored)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> transcode(bytes, null))
          .as(stored)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("stored document is not a LogEvent");
    }
  }

  @Test
  void copy_readsOnlyItsRange_ofBytesHoldingMore() throws IOException {
    byte[] full = Documents.event(SHAPES.get(1));
    byte[] min = Documents.event(SHAPES.get(0));
    byte[] two = new byte[full.length + min.length + 3];
    two[0] = '[';
    System.arraycopy(full, 0, two, 1, full.length);
    two[full.length + 1] = ',';
    System.arraycopy(min, 0, two, full.length + 2, min.length);
    two[two.length - 1] = ']';
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventTranscoder transcoder = new EventTranscoder();

    transcoder.copy(two, full.length + 2, full.length + 2 + min.length, out, null);
    out.write(',');
    transcoder.copy(two, 1, full.length + 1, out, T0);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            Json.writeString(Views.Event.of(SHAPES.get(0), null))
                + ","
                + Json.writeString(Views.Event.of(SHAPES.get(1), T0)));
  }

  @Test
  void copy_ofADocumentFollowedByMore_readsUpToItsEnd_andSaysWhereThatIs() throws IOException {
    byte[] event = Documents.event(SHAPES.get(1));
    byte[] hit =
        ("{\"_source\":" + new String(event, StandardCharsets.UTF_8) + ",\"sort\":[1,\"e\"]}]}")
            .getBytes(StandardCharsets.UTF_8);
    int from = "{\"_source\":".length();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int end = new EventTranscoder().copy(hit, from, hit.length, out, T0);

    assertThat(end).isEqualTo(from + event.length);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(Json.writeString(Views.Event.of(SHAPES.get(1), T0)));
  }

  @Test
  void copy_readsWhatTheRecordReaderReads_whateverTheSpacingEscapesAndScalars() throws IOException {
    for (String stored :
        List.of(
            // spacing between every token
            "{ \"event_id\" : \"e\" , \"timestamp\" : 5 , \"log_group\" : \"/g\" ,\n"
                + " \"log_stream\":\"s\", \"message\" : \"m\", \"fields\" : { \"b\" : \"2\" ,"
                + " \"a\" : \"1\" } , \"job_ids\" : [ \"j1\" , \"j2\" ] , \"ecs_task_arns\" : [ ] ,"
                + " \"link\" : { \"rule\" : { \"x\" : [1, {\"y\": \"}\"}] } , \"via\" : \"SELF\" } }",
            // escaped names and enum values, numbers and booleans where texts belong
            "{\"event\\u005fid\":\"e\",\"timestamp\":5.0,\"log_group\":\"/g\",\"log_stream\":12,"
                + "\"message\":true,\"level\":\"W\\u0041RN\",\"fields\":{\"n\":1.50,\"t\":false},"
                + "\"correlation_ids\":[7,\"c\"]}",
            // a time as a text, keys beyond ASCII (String order, not UTF-8's), one stored twice
            "{\"event_id\":\"e\",\"timestamp\":\"5\",\"log_group\":\"/g\",\"log_stream\":\"s\","
                + "\"message\":\"m\",\"fields\":{\"\uffff\":\"1\",\"\ud83d\ude00\":\"2\","
                + "\"\u00e9\":\"3\",\"\\u00e9\":\"4\",\"a\\\"q\":\"5\"}}")) {
      byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
      LogEvent record = Json.read(bytes, LogEvent.class);

      assertThat(Json.mapper().readTree(transcode(bytes, 0L)))
          .as(stored)
          .isEqualTo(Json.mapper().readTree(Json.writeString(Views.Event.of(record, 0L))));
      assertThat(fieldNames(transcode(bytes, 0L)))
          .as(stored)
          .isEqualTo(fieldNames(Json.writeString(Views.Event.of(record, 0L))));
    }
  }

  private static List<String> fieldNames(String json) {
    try {
      List<String> names = new ArrayList<>();
      JsonNode fields = Json.mapper().readTree(json).path("fields");
      fields.fieldNames().forEachRemaining(names::add);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String transcode(byte[] stored, Long base) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      new EventTranscoder().copy(stored, 0, stored.length, bytes, base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
