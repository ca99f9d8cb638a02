package dev.correlate.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The lag of the service's consumer groups per topic ({@code correlate_consumer_lag_records},
 * labels {@code consumer} and {@code topic}), measured through the admin client ({@link
 * GroupLag#byTopic}): from outside the consumers, so a group whose consumer died still shows its
 * growing lag. Every instance measures the whole group (take the {@code max} over instances). A
 * topic's gauge appears when the group first commits on it; while the broker does not answer, the
 * group's gauges are {@code NaN}.
 */
final class LagGauges {
  private final Admin admin;
  private final Map<String, String> groups;
  private final MeterRegistry registry;

  /** By consumer, then topic. */
  private final Map<String, Map<String, MeasuredValue>> values = new HashMap<>();

  /** {@code groups}: consumer label ({@code streams}, {@code indexer}) to consumer group id. */
  LagGauges(Admin admin, Map<String, String> groups, MeterRegistry registry) {
    this.admin = admin;
    this.groups = new LinkedHashMap<>(groups);
    this.registry = registry;
  }

  /**
   * Measures every group; a group that cannot be measured has its gauges set to NaN.
   *
   * @return what could not be measured, if anything
   */
  Optional<String> measure() throws InterruptedException {
    List<String> problems = new ArrayList<>();
    for (var group : groups.entrySet()) {
      Map<String, MeasuredValue> topics =
          values.computeIfAbsent(group.getKey(), k -> new HashMap<>());
      Map<String, Long> lag;
      try {
        lag = GroupLag.byTopic(admin, group.getValue());
      } catch (ExecutionException | TimeoutException e) {
        topics.values().forEach(v -> v.set(Double.NaN));
        problems.add(
            "the lag of consumer group "
                + group.getValue()
                + ": "
                + (e.getCause() != null ? e.getCause() : e));
        continue;
      }
      lag.forEach(
          (topic, records) ->
              topics
                  .computeIfAbsent(
                      topic,
                      t ->
                          MeasuredValue.register(
                              registry,
                              "correlate.consumer.lag",
                              "records between a consumer group's committed offsets and the ends of a topic",
                              "records",
                              Tags.of("consumer", group.getKey(), "topic", t)))
                  .set(records));
      topics.forEach(
          (topic, v) -> {
            if (!lag.containsKey(topic)) {
              v.set(Double.NaN);
            }
          });
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }
}
