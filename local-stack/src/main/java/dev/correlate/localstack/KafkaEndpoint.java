package dev.correlate.localstack;

/** A running Kafka cluster as tests and the launcher see it. */
public interface KafkaEndpoint {
  /** The {@code bootstrap.servers} value, for example {@code 127.0.0.1:19092}. */
  String bootstrapServers();
}
