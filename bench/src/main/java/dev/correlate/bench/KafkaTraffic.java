package dev.correlate.bench;

import dev.correlate.core.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What the stack writes to Kafka per raw event: records (end offsets, transaction markers included,
 * as they are written too) and bytes on disk, over all of the stack's topics (public and internal),
 * against the records of its raw topic, between two snapshots.
 */
final class KafkaTraffic implements AutoCloseable {
  /** Records and bytes so far: over the stack's topics, and of its raw topic. */
  record Snapshot(long records, long bytes, long rawRecords) {}

  private final Admin admin;
  private final String rawTopic;
  private final Predicate<String> stackTopic;

  /**
   * The traffic on {@code topics} and on the internal topics of {@code applicationId} (its prefix).
   */
  KafkaTraffic(String bootstrap, Topics topics, String applicationId) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.rawTopic = topics.raw();
    Set<String> named =
        Set.of(topics.raw(), topics.events(), topics.timelines(), topics.deadLetter());
    this.stackTopic = t -> named.contains(t) || t.startsWith(applicationId + "-");
  }

  Snapshot snapshot() {
    try {
      Set<String> topics =
          admin.listTopics().names().get().stream().filter(stackTopic).collect(Collectors.toSet());
      long records = 0;
      long raw = 0;
      for (var e : endOffsets(admin, topics).entrySet()) {
        records += e.getValue();
        raw += e.getKey().topic().equals(rawTopic) ? e.getValue() : 0;
      }
      return new Snapshot(records, bytesOnDisk(admin, topics::contains), raw);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the stack's topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The bytes of every replica of the topics {@code topic} accepts, on the brokers' disks. */
  static long bytesOnDisk(Admin admin, Predicate<String> topic)
      throws ExecutionException, InterruptedException {
    long bytes = 0;
    for (Map<String, LogDirDescription> dirs :
        admin
            .describeLogDirs(
                admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList())
            .allDescriptions()
            .get()
            .values()) {
      for (LogDirDescription dir : dirs.values()) {
        for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
          bytes += topic.test(r.getKey().topic()) ? r.getValue().size() : 0;
        }
      }
    }
    return bytes;
  }

  /** The end offset of every partition of {@code topics}. */
  static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /** Records and bytes written per raw event between two snapshots. */
  static Map<String, Double> perRawEvent(Snapshot before, Snapshot after) {
    double raw = Math.max(1, after.rawRecords() - before.rawRecords());
    return Map.of(
        "records_per_raw_event",
        (after.records() - before.records()) / raw,
        "bytes_per_raw_event",
        (after.bytes() - before.bytes()) / raw);
  }

  @Override
  public void close() {
    admin.close();
  }
}
