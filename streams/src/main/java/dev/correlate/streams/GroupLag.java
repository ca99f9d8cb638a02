package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one of the service's own consumer groups (Kafka Streams', the indexer's) is behind: the
 * records between its committed offsets and the ends of its partitions. Degraded from {@code
 * maxLag} records on; a group that has committed nothing yet has no lag.
 */
final class GroupLag implements Component {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final String name;
  private final Admin admin;
  private final String group;
  private final long maxLag;

  GroupLag(String name, Admin admin, String group, long maxLag) {
    this.name = name;
    this.admin = admin;
    this.group = group;
    this.maxLag = maxLag;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult check() {
    try {
      long lag = byTopic(admin, group).values().stream().mapToLong(Long::longValue).sum();
      return lag >= maxLag
          ? CheckResult.degraded("consumer group " + group + " lags " + lag + " records")
          : CheckResult.OK;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return CheckResult.unhealthy(
          "cannot measure the lag of consumer group " + group + ": " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    }
  }

  /**
   * The lag of {@code group} per topic: the records between its committed offsets and the ends of
   * the partitions it committed on, summed over each topic's partitions. Empty when the group has
   * committed nothing.
   */
  static Map<String, Long> byTopic(Admin admin, String group)
      throws ExecutionException, TimeoutException, InterruptedException {
    long ms = TIMEOUT.toMillis();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(ms, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest =
        committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(ms, TimeUnit.MILLISECONDS);
    Map<String, Long> lag = new TreeMap<>();
    for (var entry : committed.entrySet()) {
      if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
        lag.merge(
            entry.getKey().topic(),
            Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset()),
            Long::sum);
      }
    }
    return lag;
  }

  @Override
  public void close() {
    // the admin client is the service's
  }
}
