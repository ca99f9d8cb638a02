package dev.correlate.api.archfixture;

import org.apache.kafka.clients.producer.Producer;

/**
 * A violation for {@code ServiceArchitectureTest} to catch: the query API using Kafka. Never in
 * main code.
 */
public final class ApiUsingKafka {
  Producer<byte[], byte[]> producer;
}
