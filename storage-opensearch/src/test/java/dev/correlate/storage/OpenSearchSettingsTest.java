package dev.correlate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.config.Env;
import dev.correlate.core.json.Json;
import dev.correlate.storage.OpenSearchSettings.Shape;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenSearchSettingsTest {
  @Test
  void from_withoutShapes_isOneShardAndNoReplicaPerIndex() {
    OpenSearchSettings s = OpenSearchSettings.from(Env.of(Map.of()));

    assertThat(s.events()).isEqualTo(Shape.SINGLE);
    assertThat(s.timelines()).isEqualTo(Shape.SINGLE);
  }

  @Test
  void from_replicasForAll_areOverriddenPerIndexFamily_andShardsAreSetPerFamily() {
    OpenSearchSettings s =
        OpenSearchSettings.from(
            Env.of(
                Map.of(
                    "CORRELATE_OPENSEARCH_REPLICAS",
                    "1",
                    "CORRELATE_EVENTS_SHARDS",
                    "6",
                    "CORRELATE_TIMELINES_SHARDS",
                    "3",
                    "CORRELATE_TIMELINES_REPLICAS",
                    "2")));

    assertThat(s.events()).isEqualTo(new Shape(6, 1));
    assertThat(s.timelines()).isEqualTo(new Shape(3, 2));
  }

  @Test
  void from_noShard_isRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> OpenSearchSettings.from(Env.of(Map.of("CORRELATE_EVENTS_SHARDS", "0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORRELATE_EVENTS_SHARDS");
  }

  @Test
  void templates_carryEachFamilysShardsAndReplicas() throws Exception {
    OpenSearchSettings s =
        OpenSearchSettings.from(
            Env.of(
                Map.of(
                    "CORRELATE_EVENTS_SHARDS",
                    "6",
                    "CORRELATE_EVENTS_REPLICAS",
                    "1",
                    "CORRELATE_TIMELINES_SHARDS",
                    "3",
                    "CORRELATE_TIMELINES_REPLICAS",
                    "2")));
    IndexTemplates templates = new IndexTemplates(OpenSearchClients.create(s), s);

    JsonNode events =
        Json.mapper().readTree(templates.eventsTemplate()).path("template").path("settings");
    JsonNode timelines =
        Json.mapper().readTree(templates.timelinesTemplate()).path("template").path("settings");

    assertThat(events.path("number_of_shards").asInt()).isEqualTo(6);
    assertThat(events.path("number_of_replicas").asInt()).isEqualTo(1);
    assertThat(timelines.path("number_of_shards").asInt()).isEqualTo(3);
    assertThat(timelines.path("number_of_replicas").asInt()).isEqualTo(2);
  }

  @Test
  void from_timelinesPeriod_defaultsToAWeek_andIsRead() {
    assertThat(OpenSearchSettings.from(Env.of(Map.of())).timelinesPeriod())
        .isEqualTo(Duration.ofDays(7));
    assertThat(
            OpenSearchSettings.from(Env.of(Map.of("CORRELATE_TIMELINES_PERIOD", "1d")))
                .timelinesPeriod())
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void from_timelinesPeriodUnderAnHour_isRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> OpenSearchSettings.from(Env.of(Map.of("CORRELATE_TIMELINES_PERIOD", "30m"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CORRELATE_TIMELINES_PERIOD");
  }

  @Test
  void timelinesTemplate_matchesEveryHome_andPutsItBehindTheAlias() throws Exception {
    OpenSearchSettings s = OpenSearchSettings.defaults();
    JsonNode template =
        Json.mapper()
            .readTree(new IndexTemplates(OpenSearchClients.create(s), s).timelinesTemplate());

    assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("correlate-timelines-*");
    assertThat(template.path("template").path("aliases").has("correlate-timelines")).isTrue();
    assertThat(
            template
                .path("template")
                .path("mappings")
                .path("properties")
                .path("home")
                .path("type")
                .asText())
        .isEqualTo("long");
  }

  @Test
  void withIndexPrefix_changesTheNamesOnly() {
    OpenSearchSettings s =
        OpenSearchSettings.from(
            Env.of(Map.of("CORRELATE_TIMELINES_SHARDS", "3", "CORRELATE_TIMELINES_PERIOD", "1d")));

    OpenSearchSettings other = s.withIndexPrefix("bench-raw");

    assertThat(other.indices().eventsAlias()).isEqualTo("bench-raw-events");
    assertThat(other).usingRecursiveComparison().ignoringFields("indexPrefix").isEqualTo(s);
  }
}
