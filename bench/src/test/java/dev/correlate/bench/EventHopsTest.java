package dev.correlate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHopsTest {
  private static final long MS = 1_000_000;

  /** An event acknowledged at 0 whose hops took {@code hopsMs}, in order. */
  private static long[] event(long... hopsMs) {
    long[] stamps = new long[hopsMs.length + 1];
    for (int i = 0; i < hopsMs.length; i++) {
      stamps[i + 1] = stamps[i] + hopsMs[i] * MS;
    }
    return stamps;
  }

  @Test
  void breakdown_tailMean_isTheSlowestEventsHops_andAddsUpToTheirTotal() {
    List<long[]> stamps = new ArrayList<>();
    for (int i = 0; i < 98; i++) {
      stamps.add(event(100, 200, 300, 400));
    }
    // the slowest two percent, at and above the p99: slow by their refresh alone
    stamps.add(event(100, 200, 300, 2400));
    stamps.add(event(100, 200, 300, 2400));

    Map<String, Map<String, Double>> hops = EventHops.breakdown(stamps);

    assertThat(hops.keySet()).containsExactly("stream", "commit", "index", "refresh", "total");
    assertThat(hops.get("refresh").get("tail_mean")).isCloseTo(2400, within(0.001));
    assertThat(hops.get("commit").get("tail_mean")).isCloseTo(200, within(0.001));
    assertThat(hops.get("total").get("tail_mean")).isCloseTo(3000, within(0.001));
    double sum = EventHops.HOPS.stream().mapToDouble(h -> hops.get(h).get("tail_mean")).sum();
    assertThat(sum).isCloseTo(hops.get("total").get("tail_mean"), within(0.001));
    assertThat(hops.get("refresh").get("p50")).isCloseTo(400, within(0.001));
    assertThat(hops.get("total").get("samples")).isEqualTo(100);
  }

  @Test
  void breakdown_ofNoEvents_isEmpty() {
    assertThat(EventHops.breakdown(List.of())).isEmpty();
  }
}
