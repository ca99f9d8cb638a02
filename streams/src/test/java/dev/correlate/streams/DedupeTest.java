package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dedupe} on in-memory stores: the batches store stands for what the changelog holds, so a
 * new {@code Dedupe} over it (its index emptied, or left holding uncommitted ids) is a task
 * restored after a crash.
 */
class DedupeTest {
  private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

  private final TopologySettings settings = TopologySettings.defaults();
  private final long window = settings.dedupeWindow().toMillis();
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private KeyValueStore<String, Dedupe.Batch> batches;
  private KeyValueStore<String, String> index;
  private Dedupe dedupe;

  @BeforeEach
  void start() {
    batches = TestStores.inMemory(context, "dedupe-batches", new JsonSerde<>(Dedupe.Batch.class));
    index = TestStores.inMemory(context, "dedupe-index", Serdes.String());
    dedupe = restarted();
  }

  private Dedupe restarted() {
    Dedupe started = new Dedupe(settings, batches, index);
    started.start();
    return started;
  }

  @Test
  void seen_anIdAgain_withinAndAcrossCommits() {
    assertThat(dedupe.seen("a", T0)).isFalse();
    assertThat(dedupe.seen("a", T0)).isTrue();
    dedupe.beforeCommit();

    assertThat(dedupe.seen("a", T0)).isTrue();
    assertThat(dedupe.seen("b", T0)).isFalse();
  }

  @Test
  void beforeCommit_writesOneBatchRecordForAllIdsOfTheCommit() {
    for (int i = 0; i < 500; i++) {
      dedupe.seen("id-" + i, T0 + i);
    }
    dedupe.beforeCommit();
    dedupe.beforeCommit();

    List<Dedupe.Batch> stored = stored();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).ids()).hasSize(500).startsWith("id-0").endsWith("id-499");
  }

  @Test
  void start_rebuildsTheIndexFromTheCommittedBatchesOnly() {
    dedupe.seen("committed-1", T0);
    dedupe.seen("committed-2", T0);
    dedupe.beforeCommit();
    // seen, in the index, but the commit never happens: the crash redoes its input
    dedupe.seen("uncommitted", T0);

    Dedupe sameIndex = restarted();
    assertThat(sameIndex.seen("committed-1", T0)).isTrue();
    assertThat(sameIndex.seen("committed-2", T0)).isTrue();
    assertThat(sameIndex.seen("uncommitted", T0)).isFalse();

    index = TestStores.inMemory(context, "dedupe-index-elsewhere", Serdes.String());
    Dedupe newIndex = restarted();
    assertThat(newIndex.seen("committed-1", T0)).isTrue();
    assertThat(newIndex.seen("uncommitted", T0)).isFalse();
  }

  @Test
  void discard_dropsTheOpenBatch_andStartForgetsItsIds() {
    dedupe.seen("thrown-away", T0);
    dedupe.discard();
    dedupe.beforeCommit();
    assertThat(stored()).isEmpty();

    assertThat(restarted().seen("thrown-away", T0)).isFalse();
  }

  @Test
  void aBatchPastItsSize_rollsToANewRecord_andEveryIdSurvivesARestart() {
    String padding = "x".repeat(1_000);
    int count = Dedupe.MAX_BATCH_CHARS / 1_000 * 2 + 10;
    for (int i = 0; i < count; i++) {
      dedupe.seen(i + padding, T0);
    }
    dedupe.beforeCommit();

    List<Dedupe.Batch> stored = stored();
    assertThat(stored).hasSize(3);
    assertThat(stored.stream().mapToInt(b -> b.ids().size()).sum()).isEqualTo(count);
    Dedupe after = restarted();
    for (int i = 0; i < count; i++) {
      assertThat(after.seen(i + padding, T0)).isTrue();
    }
  }

  @Test
  void aBatch_isForgottenWholeOnceStreamTimePassesItsNewestEventByTheWindow() {
    dedupe.seen("old-1", T0 - 1_000);
    dedupe.seen("old-2", T0);
    dedupe.beforeCommit();
    dedupe.seen("new", T0 + window - 1);
    dedupe.beforeCommit();
    assertThat(stored()).hasSize(2);
    assertThat(dedupe.seen("old-1", T0)).isTrue();

    dedupe.seen("newer", T0 + window);
    dedupe.beforeCommit();

    assertThat(stored()).hasSize(2);
    assertThat(dedupe.seen("old-1", T0)).isFalse();
    assertThat(dedupe.seen("old-2", T0)).isFalse();
    assertThat(dedupe.seen("new", T0)).isTrue();
  }

  @Test
  void start_restoresStreamTime_soExpiryGoesOnAfterARestart() {
    dedupe.seen("old", T0);
    dedupe.beforeCommit();
    dedupe.seen("new", T0 + window);
    dedupe.beforeCommit();
    assertThat(stored()).hasSize(1);
    dedupe.seen("kept", T0 + 1);
    dedupe.beforeCommit();

    // restored stream time is T0 + window: a batch whose newest event is at T0 + 1 is not yet due,
    // one more millisecond of event time makes it due
    Dedupe after = restarted();
    after.beforeCommit();
    assertThat(after.seen("kept", T0)).isTrue();
    after.seen("later", T0 + window + 1);
    after.beforeCommit();
    assertThat(after.seen("kept", T0)).isFalse();
  }

  private List<Dedupe.Batch> stored() {
    List<Dedupe.Batch> out = new ArrayList<>();
    try (KeyValueIterator<String, Dedupe.Batch> all = batches.all()) {
      all.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }
}
