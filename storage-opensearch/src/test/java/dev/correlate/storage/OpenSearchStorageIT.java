package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.testkit.SharedStack;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * Templates, idempotent and versioned bulk writes, refusals and retention against a real OpenSearch
 * node.
 */
class OpenSearchStorageIT {
  private static final long NOW = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
  private static OpenSearchSettings settings;
  private static OpenSearchClient client;
  private static BlockingHttp http;
  private static Indices indices;

  @BeforeAll
  static void start() {
    settings =
        new OpenSearchSettings(
            URI.create(SharedStack.openSearch().url()),
            "sit",
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            OpenSearchSettings.Shape.SINGLE,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    client = OpenSearchClients.create(settings);
    http = BlockingHttp.create(settings);
    indices = settings.indices();
    new IndexTemplates(client, settings).install();
  }

  @AfterAll
  static void stop() {
    http.close();
    OpenSearchClients.close(client);
  }

  private static LogEvent event(String id, long at, List<String> jobs) {
    return new LogEvent(
        id,
        at,
        null,
        at,
        "/ecs/tradai-backend-dev",
        "backend/backend/abc",
        "123456789012",
        "eu-central-1",
        "backend",
        "dev",
        SourceKind.ECS_SERVICE,
        Level.INFO,
        "tradai.backend.api",
        "Backtest job submitted",
        Map.of("http.status", "200"),
        List.of("c-1"),
        jobs,
        null,
        null,
        List.of(),
        null,
        null,
        null);
  }

  private static TimelineSummary summary(String job, long revision, long events) {
    return new TimelineSummary(
        "job:" + job,
        "job",
        job,
        revision,
        NOW,
        NOW + 1000,
        1000,
        events,
        0,
        Map.of("INFO", events),
        Map.of("backend", new TimelineSummary.ServiceSpan(NOW, NOW + 1000, events)),
        List.of("c-1"),
        List.of(),
        List.of(),
        List.of(),
        null,
        "running",
        false,
        NOW,
        NOW,
        List.of(),
        null,
        null,
        TimelineHomes.homeAt(NOW, TimelineHomes.DEFAULT_PERIOD));
  }

  private static JsonNode call(String method, String endpoint, String body) throws IOException {
    var request = Requests.builder().method(method).endpoint(endpoint);
    if (body != null) {
      request.body(Bodies.json(body));
    }
    return Json.mapper().readTree(Http.execute(client, request.build()).body());
  }

  private static void refresh() throws IOException {
    call("POST", "/" + indices.eventsPattern() + "," + indices.timelines() + "/_refresh", null);
  }

  @Test
  void install_isIdempotent_andGivesExplicitClosedMappings() throws IOException {
    new IndexTemplates(client, settings).install();

    JsonNode template = call("GET", "/_index_template/" + indices.eventsTemplate(), null);
    JsonNode mappings =
        template
            .path("index_templates")
            .get(0)
            .path("index_template")
            .path("template")
            .path("mappings");
    assertThat(mappings.path("dynamic").asText()).isEqualTo("false");
    assertThat(mappings.path("properties").path("event_id").path("type").asText())
        .isEqualTo("keyword");
    assertThat(mappings.path("properties").path("message").path("type").asText()).isEqualTo("text");
    assertThat(mappings.path("properties").path("@timestamp").path("type").asText())
        .isEqualTo("date");
    assertThat(mappings.path("properties").path("fields").path("type").asText())
        .isEqualTo("flat_object");
    // the homes of the current and the next period exist, behind the alias, with the mapping
    long current = TimelineHomes.homeAt(System.currentTimeMillis(), settings.timelinesPeriod());
    JsonNode timelines = call("GET", "/" + indices.timelines() + "/_mapping", null);
    for (long home : new long[] {current, current + settings.timelinesPeriod().toMillis()}) {
      JsonNode properties =
          timelines.path(indices.timelinesHome(home)).path("mappings").path("properties");
      assertThat(properties.path("revision").path("type").asText()).isEqualTo("long");
      assertThat(properties.path("home").path("type").asText()).isEqualTo("long");
    }
  }

  @Test
  void events_areIdempotent_inTheDailyIndexOfTheirTime_searchableThroughTheAlias()
      throws IOException {
    BulkWriter<String> writer = new BulkWriter<>(http, BulkWriter.Settings.defaults());
    LogEvent e = event("e-idem-1", NOW, List.of("bt-idem"));
    writer.add(
        new BulkWriter.Doc<>(
            indices.eventsIndex(e.timestamp()), e.eventId(), Documents.event(e), 0, "a"),
        0);
    assertThat(writer.flush()).isEmpty();
    writer.add(
        new BulkWriter.Doc<>(
            indices.eventsIndex(e.timestamp()), e.eventId(), Documents.event(e), 0, "b"),
        0);
    assertThat(writer.flush()).isEmpty();
    refresh();

    JsonNode count =
        call(
            "POST",
            "/" + indices.eventsAlias() + "/_count",
            "{\"query\":{\"term\":{\"job_ids\":\"bt-idem\"}}}");
    assertThat(count.path("count").asLong()).isEqualTo(1);
    JsonNode doc = call("GET", "/sit-events-2026.11.27/_doc/e-idem-1", null);
    assertThat(doc.path("_source").path("@timestamp").asText()).isEqualTo("2026-11-27T12:00:00Z");
    LogEvent back =
        Json.read(doc.path("_source").toString().getBytes(StandardCharsets.UTF_8), LogEvent.class);
    assertThat(back).isEqualTo(e);
    JsonNode byField =
        call(
            "POST",
            "/" + indices.eventsAlias() + "/_count",
            "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"fields.http.status\":\"200\"}},"
                + "{\"term\":{\"job_ids\":\"bt-idem\"}}]}}}");
    assertThat(byField.path("count").asLong()).isEqualTo(1);
  }

  /** Events of two days in one bulk, in and out of order: each in the index of its own day. */
  @Test
  void eventsOfSeveralDaysInOneBulk_areEachStoredInTheIndexOfTheirDay() throws IOException {
    OpenSearchTimelineWriter<String> writer =
        new OpenSearchTimelineWriter<>(client, http, settings, BulkWriter.Settings.defaults());
    Map<String, String> times =
        Map.of(
            "e-day-1", "2026-11-27T23:59:59.999Z",
            "e-day-2", "2026-11-28T00:00:00Z",
            "e-day-3", "2026-11-27T00:00:00.010Z");
    for (String id : List.of("e-day-1", "e-day-2", "e-day-3")) {
      long at = Instant.parse(times.get(id)).toEpochMilli();
      LogEvent e = event(id, at, List.of("bt-days"));
      writer.add(new TimelineWrite.EventBytes<>(id, at, Json.write(e), id), 0);
    }
    assertThat(writer.flush()).isEmpty();

    for (var expected :
        Map.of(
                "e-day-1", "sit-events-2026.11.27",
                "e-day-2", "sit-events-2026.11.28",
                "e-day-3", "sit-events-2026.11.27")
            .entrySet()) {
      JsonNode doc = call("GET", "/" + expected.getValue() + "/_doc/" + expected.getKey(), null);
      assertThat(doc.path("found").asBoolean()).as(expected.getKey()).isTrue();
      assertThat(doc.path("_source").path("@timestamp").asText())
          .isEqualTo(times.get(expected.getKey()));
    }
  }

  /** The indexer's write: the events topic's bytes, stored as the same document as the event. */
  @Test
  void eventAsTheStreamSerializedIt_isStoredAsTheEvent_inTheDailyIndexOfItsTime()
      throws IOException {
    OpenSearchTimelineWriter<String> writer =
        new OpenSearchTimelineWriter<>(client, http, settings, BulkWriter.Settings.defaults());
    LogEvent e = event("e-bytes-1", NOW, List.of("bt-bytes"));
    writer.add(new TimelineWrite.EventBytes<>(e.eventId(), e.timestamp(), Json.write(e), "a"), 0);
    assertThat(writer.flush()).isEmpty();
    refresh();

    JsonNode doc = call("GET", "/sit-events-2026.11.27/_doc/e-bytes-1", null);
    assertThat(doc.path("_source").path("@timestamp").asText()).isEqualTo("2026-11-27T12:00:00Z");
    assertThat(doc.path("_source")).isEqualTo(Json.mapper().readTree(Documents.event(e)));
    JsonNode count =
        call(
            "POST",
            "/" + indices.eventsAlias() + "/_count",
            "{\"query\":{\"term\":{\"job_ids\":\"bt-bytes\"}}}");
    assertThat(count.path("count").asLong()).isEqualTo(1);
  }

  @Test
  void timelines_keepTheHighestRevision_andAStaleWriteIsNotAnError() throws IOException {
    BulkWriter<String> writer = new BulkWriter<>(http, BulkWriter.Settings.defaults());
    TimelineSummary newer = summary("bt-ver", 5, 50);
    TimelineSummary older = summary("bt-ver", 3, 30);
    String home = indices.timelinesHome(newer.home());
    writer.add(
        new BulkWriter.Doc<>(home, newer.timelineId(), Documents.timeline(newer), 5, "n"), 0);
    assertThat(writer.flush()).isEmpty();
    writer.add(
        new BulkWriter.Doc<>(home, older.timelineId(), Documents.timeline(older), 3, "o"), 0);
    assertThat(writer.flush()).isEmpty();
    writer.add(
        new BulkWriter.Doc<>(home, newer.timelineId(), Documents.timeline(newer), 5, "n"), 0);
    assertThat(writer.flush()).isEmpty();

    JsonNode doc = call("GET", "/" + home + "/_doc/job:bt-ver", null);
    assertThat(doc.path("_version").asLong()).isEqualTo(5);
    assertThat(doc.path("_source").path("event_count").asLong()).isEqualTo(50);
    assertThat(doc.path("_source").path("service_names").get(0).asText()).isEqualTo("backend");
  }

  @Test
  void aDocumentTheMappingRefuses_isReturnedWithOpenSearchsReason() {
    BulkWriter<String> writer = new BulkWriter<>(http, BulkWriter.Settings.defaults());
    byte[] bad =
        "{\"event_id\":\"e-bad\",\"timestamp\":\"not a time\",\"message\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8);
    writer.add(new BulkWriter.Doc<>(indices.eventsIndex(NOW), "e-bad", bad, 0, "bad"), 0);

    List<BulkWriter.Rejected<String>> rejected = writer.flush();

    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.reason()).startsWith("mapper_parsing_exception");
              assertThat(r.doc().context()).isEqualTo("bad");
            });
  }

  /** Timelines homes are retention's other half: TimelinesRolloverIT. */
  @Test
  void retention_deletesOldDailyIndicesByName() throws IOException {
    BulkWriter<String> writer = new BulkWriter<>(http, BulkWriter.Settings.defaults());
    long old = NOW - Duration.ofDays(40).toMillis();
    LogEvent ancient = event("e-old", old, List.of("bt-old"));
    LogEvent recent = event("e-new", NOW, List.of("bt-new"));
    writer.add(
        new BulkWriter.Doc<>(
            indices.eventsIndex(old), ancient.eventId(), Documents.event(ancient), 0, ""),
        0);
    writer.add(
        new BulkWriter.Doc<>(
            indices.eventsIndex(NOW), recent.eventId(), Documents.event(recent), 0, ""),
        0);
    assertThat(writer.flush()).isEmpty();
    refresh();

    Retention.Result result =
        new Retention(
                client, settings, Duration.ofDays(14), Duration.ofDays(30), Duration.ofMinutes(5))
            .runOnce(NOW);

    assertThat(result.deletedIndices()).containsExactly(indices.eventsIndex(old));
    assertThat(
            Http.execute(
                    client,
                    Requests.builder()
                        .method("HEAD")
                        .endpoint("/" + indices.eventsIndex(NOW))
                        .build())
                .status())
        .isEqualTo(200);
  }
}
