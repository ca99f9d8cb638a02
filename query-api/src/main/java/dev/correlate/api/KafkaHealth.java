package dev.correlate.api;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Health of the Kafka side as the API sees it, through one {@link Admin} client: the broker ({@code kafka}), and
 * the consumer groups of streams and of the indexer (state and lag). The API does not consume anything itself;
 * these checks say whether what it serves is fresh.
 */
final class KafkaHealth {
  private KafkaHealth() {}

  /** The {@code kafka}, {@code streams} and {@code indexer} components over {@code admin}; the first closes it. */
  static List<Component> components(Admin admin, QueryApiSettings settings) {
    Duration timeout = settings.healthTimeout();
    return List.of(
        component("kafka", () -> broker(admin, timeout), admin::close),
        component("streams", () -> group(admin, settings.streamsGroup(), settings.lagDegradedAt(), timeout), () -> {
        }),
        component("indexer", () -> group(admin, settings.indexerGroup(), settings.lagDegradedAt(), timeout), () -> {
        }));
  }

  static CheckResult broker(Admin admin, Duration timeout) {
    try {
      int nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      return nodes > 0 ? CheckResult.OK : CheckResult.unhealthy("Kafka cluster has no brokers");
    } catch (ExecutionException | TimeoutException e) {
      return CheckResult.unhealthy("cannot reach Kafka: " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    }
  }

  /**
   * A consumer group: unhealthy when it has no members (the service is down), degraded while it rebalances or
   * when its total lag reaches {@code lagDegradedAt}.
   */
  static CheckResult group(Admin admin, String groupId, long lagDegradedAt, Duration timeout) {
    long ms = timeout.toMillis();
    try {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)
          .get(ms, TimeUnit.MILLISECONDS);
      GroupState state = group.groupState();
      if (state == GroupState.DEAD || state == GroupState.UNKNOWN) {
        return CheckResult.unhealthy("consumer group " + groupId + " does not exist: the service has not started");
      }
      if (state == GroupState.EMPTY || group.members().isEmpty()) {
        return CheckResult.unhealthy("consumer group " + groupId + " has no members: the service is not running");
      }
      if (state != GroupState.STABLE) {
        return CheckResult.degraded("consumer group " + groupId + " is " + state.toString().toLowerCase(java.util.Locale.ROOT));
      }
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata().get(ms, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
          .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(ms, TimeUnit.MILLISECONDS);
      long lag = 0;
      for (var entry : committed.entrySet()) {
        if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
          lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
        }
      }
      return lag >= lagDegradedAt
          ? CheckResult.degraded("consumer group " + groupId + " lags " + lag + " records")
          : CheckResult.OK;
    } catch (ExecutionException | TimeoutException e) {
      return CheckResult.unhealthy("cannot describe consumer group " + groupId + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    }
  }

  private static String reason(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private interface Check {
    CheckResult run();
  }

  private static Component component(String name, Check check, Runnable close) {
    return new Component() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult check() {
        return check.run();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
