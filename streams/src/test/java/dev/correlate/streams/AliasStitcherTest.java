package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AliasStitcher} on its own stores, for what the topology cannot be driven into: a wall
 * clock set back, and stores written by an earlier version. The stitching cases themselves are in
 * {@link TimelineTopologyTest}.
 */
class AliasStitcherTest {
  private static final String ALIAS = "task:0123456789abcdef0123456789abcdef";
  private static final long T0 = 1_800_000_000_000L;

  private final TopologySettings settings = TopologySettings.defaults();
  private final MockProcessorContext<String, Resolved> context = new MockProcessorContext<>();
  private final List<Resolved> emitted = new ArrayList<>();
  private KeyValueStore<String, AliasStitcher.AliasState> links;
  private KeyValueStore<String, AliasStitcher.Chunk> chunks;
  private AliasStitcher stitcher;

  @BeforeEach
  void stores() {
    links = TestStores.inMemory(context, "links", new JsonSerde<>(AliasStitcher.AliasState.class));
    chunks = TestStores.inMemory(context, "chunks", new JsonSerde<>(AliasStitcher.Chunk.class));
    stitcher =
        new AliasStitcher(
            settings,
            links,
            chunks,
            TestStores.inMemory(context, "remembered", Serdes.String()),
            TestStores.inMemory(context, "timers", Serdes.String()),
            (alias, resolved, timestamp) -> emitted.add(resolved));
    stitcher.start();
  }

  private static LogEvent event(String id, String... jobIds) {
    String json =
        "{\"event_id\":\""
            + id
            + "\",\"timestamp\":1,\"log_group\":\"/ecs/strategy\",\"log_stream\":\"s\",\"message\":\"m\","
            + "\"job_ids\":"
            + Json.writeString(List.of(jobIds))
            + "}";
    return Json.read(json.getBytes(StandardCharsets.UTF_8), LogEvent.class);
  }

  private static Routed.AliasLink link(String correlationId) {
    return new Routed.AliasLink(List.of(correlationId), List.of(), "link-" + correlationId);
  }

  @Test
  void wallClockSetBack_aliasDueBeforeItsEvent_isKeptUntilTheEventIsForgotten() {
    stitcher.onLink(ALIAS, link("c-1"), T0, T0);
    long later = T0 + settings.aliasTtl().minusMinutes(1).toMillis();
    stitcher.onEvent(ALIAS, event("e-1", "bt-1"), later, later);
    // a link while the clock reads an alias TTL earlier: the alias's last use is now older than
    // its event, and its timer falls due while the event is still remembered
    stitcher.onLink(ALIAS, link("c-2"), T0 - Duration.ofMinutes(1).toMillis(), later);
    assertThat(emitted).hasSize(2);

    stitcher.expire(T0 + settings.aliasTtl().toMillis());
    assertThat(links.get(ALIAS).remembered()).isOne();
    stitcher.onLink(ALIAS, link("c-3"), T0 + settings.aliasTtl().toMillis() + 1, later);

    assertThat(emitted).hasSize(3);
    assertThat(emitted.get(2).event().correlationIds()).containsExactly("c-1", "c-2", "c-3");
    assertThat(emitted.get(2).counted())
        .containsExactlyInAnyOrder("correlation:c-1", "correlation:c-2", "job:bt-1");

    stitcher.expire(later + settings.pendingTtl().toMillis());
    assertThat(links.get(ALIAS).open().events()).isEmpty();
    assertThat(links.get(ALIAS).remembered()).isZero();
  }

  @Test
  void start_recountsEachAliasFromItsStoredChunks() {
    // as left by a version that kept each remembered event in a record of its own
    links.put(ALIAS, new AliasStitcher.AliasState(List.of("c-1"), List.of(), T0, T0, 3, 0, null));
    String other = "task:ffffffffffffffffffffffffffffffff";
    links.put(other, new AliasStitcher.AliasState(List.of(), List.of(), T0, T0, 0, 0, null));
    chunks.put(
        other + "|0",
        new AliasStitcher.Chunk(
            List.of(new AliasStitcher.Pending(event("e-2"), List.of(), true, T0))));

    stitcher.start();

    assertThat(links.get(ALIAS).remembered()).isZero();
    assertThat(links.get(other).remembered()).isOne();
    stitcher.expire(T0 + settings.pendingTtl().toMillis());
    assertThat(TestStores.count(chunks)).isZero();
    assertThat(links.get(other).remembered()).isZero();
  }

  @Test
  void start_aChunkStoredUnderTheOpenNumber_isClosed_andNewEventsOpenTheNext() {
    // as left by a version that kept the open chunk in the chunk store
    long due = T0 + settings.aliasTtl().toMillis();
    links.put(ALIAS, new AliasStitcher.AliasState(List.of(), List.of("bt-1"), T0, due, 1, 0, null));
    chunks.put(
        ALIAS + "|0",
        new AliasStitcher.Chunk(
            List.of(
                new AliasStitcher.Pending(event("e-1", "bt-1"), List.of("job:bt-1"), true, T0))));

    stitcher.start();
    assertThat(links.get(ALIAS).openChunk()).isOne();
    stitcher.onEvent(ALIAS, event("e-2", "bt-1"), T0 + 1, T0 + 1);
    stitcher.onLink(ALIAS, link("c-2"), T0 + 2, T0 + 2);

    assertThat(chunks.get(ALIAS + "|0").events()).hasSize(1);
    assertThat(links.get(ALIAS).open().events()).hasSize(1);
    assertThat(reemittedWith("c-2")).containsExactly("e-1", "e-2");
  }

  /**
   * Remembers {@code count} events of {@code ALIAS}, ids {@code <prefix>-0…}, at {@code now}; the
   * alias knows an id already, so each is released as it arrives.
   */
  private void remember(String prefix, int count, long now) {
    for (int i = 0; i < count; i++) {
      stitcher.onEvent(ALIAS, event(prefix + "-" + i, "bt-1"), now, now);
    }
  }

  private List<String> reemittedWith(String correlationId) {
    return emitted.stream()
        .filter(r -> r.event().correlationIds().contains(correlationId))
        .map(r -> r.event().eventId())
        .toList();
  }

  /**
   * A full chunk of events, {@code later} more half a memory later (in the next chunk), the first
   * chunk's events forgotten (and the chunk with them), then a new id: the events re-emitted with
   * it.
   */
  private List<String> reemittedAfterTheFirstChunkIsForgotten(int later) {
    long half = settings.pendingTtl().dividedBy(2).toMillis();
    remember("old", AliasStitcher.CHUNK_EVENTS, T0);
    remember("new", later, T0 + half);
    stitcher.expire(T0 + settings.pendingTtl().toMillis());
    assertThat(links.get(ALIAS).remembered()).isEqualTo(later);
    assertThat(links.get(ALIAS).openChunk()).isOne();

    stitcher.onLink(ALIAS, link("c-2"), T0 + half + 1, T0 + half + 1);
    return reemittedWith("c-2");
  }

  @Test
  void reemission_readsTheAliasChunksByNumber_skippingAForgottenOne() {
    // chunk numbers 0 and 1 for two remembered events: looked up by number, chunk 0 is gone
    assertThat(reemittedAfterTheFirstChunkIsForgotten(2)).containsExactly("new-0", "new-1");
  }

  @Test
  void reemission_scansForTheChunksOfAnAliasWithMoreChunkNumbersThanEvents() {
    assertThat(reemittedAfterTheFirstChunkIsForgotten(1)).containsExactly("new-0");
  }
}
