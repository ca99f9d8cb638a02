package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.model.TimelineId;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.store.SummaryFilter;
import dev.correlate.core.store.TimelineWrite;
import dev.correlate.storage.read.OpenSearchTimelineQueries;
import dev.correlate.testkit.SharedStack;
import dev.correlate.testkit.TimelineQueriesContract;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * The timelines indices behind their alias on a real node: every revision in the timeline's home
 * whatever the clock, realtime reads by id over the homes, the upgrade of an earlier version's
 * single index, and retention by whole home. Each test has its own index prefix.
 */
class TimelinesRolloverIT {
  private static final long NOW = Instant.parse("2026-12-07T10:30:00Z").toEpochMilli();
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static OpenSearchClient client;
  private static BlockingHttp http;

  @BeforeAll
  static void start() {
    client = OpenSearchClients.create(settings("rit", TimelineHomes.DEFAULT_PERIOD));
    http = BlockingHttp.create(settings("rit", TimelineHomes.DEFAULT_PERIOD));
  }

  @AfterAll
  static void stop() {
    http.close();
    OpenSearchClients.close(client);
  }

  private static OpenSearchSettings settings(String prefix, Duration period) {
    OpenSearchSettings d = OpenSearchSettings.of(URI.create(SharedStack.openSearch().url()));
    return new OpenSearchSettings(
        d.url(),
        prefix,
        d.connectTimeout(),
        d.responseTimeout(),
        d.events(),
        d.timelines(),
        d.eventsRefreshInterval(),
        d.timelinesRefreshInterval(),
        period,
        Optional.empty());
  }

  private static TimelineSummary job(
      String id, long revision, long lastEventAt, String status, boolean closed, long home) {
    return TimelineQueriesContract.summary(
        TimelineId.job(id),
        revision,
        lastEventAt - 1000,
        lastEventAt,
        status,
        List.of("backend"),
        null,
        null,
        closed,
        home);
  }

  private static void write(OpenSearchSettings settings, TimelineSummary... summaries) {
    OpenSearchTimelineWriter<String> writer =
        new OpenSearchTimelineWriter<>(client, http, settings, BulkWriter.Settings.defaults());
    for (TimelineSummary s : summaries) {
      writer.add(new TimelineWrite.Summary<>(s, s.timelineId()), 0);
    }
    assertThat(writer.flush()).isEmpty();
  }

  private static Http.Result call(String method, String endpoint, String body) throws IOException {
    var request = Requests.builder().method(method).endpoint(endpoint);
    if (body != null) {
      request.body(Bodies.json(body));
    }
    return Http.execute(client, request.build());
  }

  private static JsonNode json(String method, String endpoint, String body) throws IOException {
    return Json.mapper().readTree(call(method, endpoint, body).body());
  }

  private static long count(String index, String timelineId) throws IOException {
    call("POST", "/" + index + "/_refresh", null);
    return json(
            "POST",
            "/" + index + "/_count",
            "{\"query\":{\"ids\":{\"values\":[\"" + timelineId + "\"]}}}")
        .path("count")
        .asLong();
  }

  @Test
  void everyRevisionOfATimeline_staysInItsHome_whileTheClockCrossesIntoTheNextPeriod()
      throws IOException {
    OpenSearchSettings settings = settings("rit-cross", Duration.ofHours(1));
    Indices indices = settings.indices();
    IndexTemplates templates = new IndexTemplates(client, settings);
    templates.install();
    templates.makeHomes(NOW);
    OpenSearchTimelineQueries queries = new OpenSearchTimelineQueries(client, http, indices);
    long home = TimelineHomes.homeAt(NOW, settings.timelinesPeriod());

    write(settings, job("bt-cross", NOW, NOW, "running", false, home));
    assertThat(queries.summary(TimelineId.job("bt-cross")))
        .hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo(NOW));
    // the clock is now two periods later: the homes of then exist, this timeline keeps its own
    templates.makeHomes(NOW + 2 * HOUR);
    write(settings, job("bt-cross", NOW + 2 * HOUR, NOW + 2 * HOUR, "completed", false, home));

    assertThat(queries.summary(TimelineId.job("bt-cross")))
        .as("read by id in realtime, without a refresh")
        .hasValueSatisfying(
            s -> {
              assertThat(s.revision()).isEqualTo(NOW + 2 * HOUR);
              assertThat(s.status()).isEqualTo("completed");
              assertThat(s.home()).isEqualTo(home);
            });
    assertThat(count(indices.timelines(), "job:bt-cross")).as("one document").isEqualTo(1);
    assertThat(count(indices.timelinesHome(home), "job:bt-cross")).isEqualTo(1);
    assertThat(call("HEAD", "/" + indices.timelinesHome(home + 3 * HOUR), null).status())
        .as("the home after the clock's next period, made ahead")
        .isEqualTo(200);
  }

  @Test
  void aTimelineInAHomeMadeAfterTheHomesWereListed_isReadById_atOnce() {
    OpenSearchSettings settings = settings("rit-fresh", TimelineHomes.DEFAULT_PERIOD);
    IndexTemplates templates = new IndexTemplates(client, settings);
    templates.install();
    OpenSearchTimelineQueries queries =
        new OpenSearchTimelineQueries(client, http, settings.indices());
    assertThat(queries.summary(TimelineId.job("bt-later"))).isEmpty();

    long later = TimelineHomes.homeAt(NOW + 30 * DAY, settings.timelinesPeriod());
    templates.makeHomes(later);
    write(settings, job("bt-later", NOW + 30 * DAY, NOW + 30 * DAY, "running", false, later));

    assertThat(queries.summary(TimelineId.job("bt-later")))
        .hasValueSatisfying(s -> assertThat(s.home()).isEqualTo(later));
  }

  @Test
  void upgrade_ofAPopulatedSingleIndex_keepsEveryTimelineReadable_andIsIdempotent()
      throws IOException {
    OpenSearchSettings settings = settings("rit-upgrade", TimelineHomes.DEFAULT_PERIOD);
    Indices indices = settings.indices();
    IndexTemplates templates = new IndexTemplates(client, settings);
    // the single index of an earlier version, with its mappings, written as that version wrote
    ObjectNode single = (ObjectNode) Json.mapper().readTree(templates.timelinesTemplate());
    ObjectNode body = (ObjectNode) single.path("template").deepCopy();
    body.remove("aliases");
    assertThat(call("PUT", "/" + indices.timelines(), Json.writeString(body)).ok()).isTrue();
    BulkWriter<String> old = new BulkWriter<>(http, BulkWriter.Settings.defaults());
    for (int i = 0; i < 3; i++) {
      TimelineSummary s = job("bt-old-" + i, 10 + i, NOW - i * DAY, "completed", true, 0);
      old.add(
          new BulkWriter.Doc<>(
              indices.timelines(), s.timelineId(), Documents.timeline(s), s.revision(), ""),
          0);
    }
    assertThat(old.flush()).isEmpty();
    OpenSearchTimelineQueries queries = new OpenSearchTimelineQueries(client, http, indices);
    assertThat(queries.summary(TimelineId.job("bt-old-1")))
        .as("read before the upgrade")
        .hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo(11));

    templates.install();

    JsonNode resolved = json("GET", "/_resolve/index/" + indices.timelines(), null);
    assertThat(resolved.path("indices")).as("no index of the alias's name").isEmpty();
    assertThat(resolved.path("aliases").get(0).path("indices").toString())
        .contains(indices.timelinesLegacy());
    assertThat(count(indices.timelinesLegacy(), "job:bt-old-2")).isEqualTo(1);
    assertThat(queries.summary(TimelineId.job("bt-old-1")))
        .as("read after the upgrade")
        .hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo(11));
    assertThat(
            queries.summaries(SummaryFilter.all(TimelineId.Kind.JOB), 10, Optional.empty()).items())
        .extracting(TimelineSummary::id)
        .containsExactly("bt-old-0", "bt-old-1", "bt-old-2");
    assertThat(
            json("GET", "/_cluster/settings", null)
                .path("persistent")
                .path("action")
                .path("auto_create_index")
                .asText())
        .contains("-" + indices.timelines());

    templates.install();
    // a timeline from before the upgrade still in state (home 0) goes on in the legacy index
    write(settings, job("bt-old-1", 12, NOW, "completed", true, 0));
    assertThat(queries.summary(TimelineId.job("bt-old-1")))
        .hasValueSatisfying(s -> assertThat(s.revision()).isEqualTo(12));
    assertThat(count(indices.timelines(), "job:bt-old-1")).isEqualTo(1);
  }

  @Test
  void retention_deletesAWholeExpiredHome_andKeepsTheOthers() throws IOException {
    OpenSearchSettings settings = settings("rit-retention", TimelineHomes.DEFAULT_PERIOD);
    Indices indices = settings.indices();
    new IndexTemplates(client, settings).install();
    Duration period = settings.timelinesPeriod();
    long old = TimelineHomes.homeAt(NOW - 60 * DAY, period);
    long ended = TimelineHomes.homeAt(NOW - 10 * DAY, period);
    long current = TimelineHomes.homeAt(NOW, period);
    write(
        settings,
        job("bt-expired", 1, NOW - 58 * DAY, "completed", true, old),
        job("bt-long", 1, NOW - DAY, "running", false, ended),
        job("bt-backfill", 1, NOW - 90 * DAY, "completed", true, current));
    call("POST", "/" + indices.timelines() + "/_refresh", null);

    Retention.Result result =
        new Retention(
                client, settings, Duration.ofDays(14), Duration.ofDays(30), Duration.ofMinutes(5))
            .runOnce(NOW);

    assertThat(result.deletedHomes()).containsExactly(indices.timelinesHome(old));
    assertThat(call("HEAD", "/" + indices.timelinesHome(old), null).status()).isEqualTo(404);
    for (long kept : new long[] {ended, current, current + period.toMillis()}) {
      assertThat(call("HEAD", "/" + indices.timelinesHome(kept), null).status())
          .as("home %s", indices.timelinesHome(kept))
          .isEqualTo(200);
    }
    OpenSearchTimelineQueries queries = new OpenSearchTimelineQueries(client, http, indices);
    assertThat(queries.summary(TimelineId.job("bt-expired"))).isEmpty();
    assertThat(queries.summary(TimelineId.job("bt-long"))).isPresent();
    assertThat(queries.summary(TimelineId.job("bt-backfill"))).isPresent();
  }
}
