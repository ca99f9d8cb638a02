package dev.correlate.streams;

import dev.correlate.core.topics.RecordBudget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error handling as configuration: records that fail to deserialize, to process or to be produced
 * are copied to the dead-letter topic with their reason ({@code deserialization_failed}, {@code
 * processing_failed}, {@code production_failed}, stage {@code streams}) and processing continues.
 * The handler writes with its own plain producer, outside the Streams transaction: a quarantined
 * record may be written twice, never lost. A value too large for the record budget is cut to fit
 * ({@link RecordBudget#deadLetter}), so a quarantine never fails for its size. Errors that are not
 * about one record (the broker unreachable, fencing) are left to Kafka Streams and fail the thread.
 *
 * <p>A dead letter the topic does not acknowledge in {@link #TIMEOUT} fails the stream thread with
 * {@link DeadLetterUnavailableException}: the record is not skipped, its offset is not committed,
 * and the replaced thread processes it again ({@link StreamThreadFailures}).
 *
 * <p>Configured with {@link #DEAD_LETTER_TOPIC}, {@link #MAX_RECORD_BYTES} and {@link
 * #METER_REGISTRY} in the Streams properties; one class serves all three handler configs, each
 * instance owning its producer for the life of the application. Every record quarantined counts in
 * {@code correlate_streams_dead_letters_total} once acknowledged.
 */
public final class DeadLetterHandlers
    implements DeserializationExceptionHandler,
        ProcessingExceptionHandler,
        ProductionExceptionHandler {
  /** Streams property naming the dead-letter topic. */
  public static final String DEAD_LETTER_TOPIC = "correlate.dead.letter.topic";

  /**
   * Streams property holding the service's {@link MeterRegistry} itself (Kafka Streams hands the
   * handlers its configuration objects as given, and creates the handlers itself).
   */
  public static final String METER_REGISTRY = "correlate.meter.registry";

  /**
   * Streams property: the record budget, for the producer and for cutting values that would not
   * fit.
   */
  public static final String MAX_RECORD_BYTES = "correlate.max.record.bytes";

  /** How long a dead letter may take to be acknowledged (and the topic to be found). */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private String topic;
  private int maxRecordBytes;
  private Map<String, Object> producerConfig;
  private MeterRegistry registry;
  private Producer<byte[], byte[]> producer;

  @Override
  public void configure(Map<String, ?> configs) {
    topic = String.valueOf(configs.get(DEAD_LETTER_TOPIC));
    if (!(configs.get(METER_REGISTRY) instanceof MeterRegistry r)) {
      throw new ConfigException(METER_REGISTRY, configs.get(METER_REGISTRY), "not a MeterRegistry");
    }
    registry = r;
    maxRecordBytes = Integer.parseInt(String.valueOf(configs.get(MAX_RECORD_BYTES)));
    producerConfig = new HashMap<>();
    producerConfig.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(
        ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dlq");
    producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
  }

  @Override
  public DeserializationHandlerResponse handle(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    quarantine(
        context,
        record.key(),
        record.value(),
        record.headers(),
        "deserialization_failed",
        exception);
    return DeserializationHandlerResponse.CONTINUE;
  }

  @Override
  public ProcessingHandlerResponse handle(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    // the source record's bytes: what an operator can replay
    quarantine(
        context,
        context.sourceRawKey(),
        context.sourceRawValue(),
        context.headers(),
        "processing_failed",
        exception);
    return ProcessingHandlerResponse.CONTINUE;
  }

  @Override
  public ProductionExceptionHandlerResponse handle(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (!(exception instanceof RecordTooLargeException)) {
      return ProductionExceptionHandlerResponse.FAIL;
    }
    quarantine(
        context,
        context.sourceRawKey(),
        context.sourceRawValue(),
        context.headers(),
        "production_failed",
        exception);
    return ProductionExceptionHandlerResponse.CONTINUE;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandlerResponse handleSerializationException(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    quarantine(
        context,
        context.sourceRawKey(),
        context.sourceRawValue(),
        context.headers(),
        "serialization_failed",
        exception);
    return ProductionExceptionHandlerResponse.CONTINUE;
  }

  /**
   * Writes the dead letter and waits until it is acknowledged.
   *
   * @throws DeadLetterUnavailableException when the topic does not take it: the stream thread fails
   *     and the record is processed again by its replacement
   */
  private synchronized void quarantine(
      ErrorHandlerContext context,
      byte[] key,
      byte[] value,
      Headers headers,
      String reason,
      Exception exception) {
    String at = context.topic() + "-" + context.partition() + "@" + context.offset();
    RecordBudget.DeadLetter fitted =
        RecordBudget.deadLetter(
            value,
            exception.getClass().getSimpleName()
                + ": "
                + exception.getMessage()
                + " (at "
                + context.processorNodeId()
                + ", "
                + at
                + ")",
            maxRecordBytes);
    LOG.warn("quarantining a record to {}: {} {}", topic, reason, fitted.detail());
    try {
      if (producer == null) {
        producer =
            new KafkaProducer<>(
                producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
      }
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  key,
                  fitted.value(),
                  DeadLetters.headers(
                      headers,
                      DeadLetters.STREAMS,
                      reason,
                      fitted.detail(),
                      System.currentTimeMillis())))
          // past the producer's own delivery timeout, so the send has an outcome: written or not,
          // never unknown
          .get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      StreamsMeters.deadLetters(registry, DeadLetters.STREAMS, reason).increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterUnavailableException(topic, at, e);
    } catch (Exception e) {
      // a producer that failed may be broken for good: the next dead letter gets a new one
      producer.close(Duration.ZERO);
      producer = null;
      throw new DeadLetterUnavailableException(
          topic, at, e instanceof ExecutionException ? e.getCause() : e);
    }
  }

  /**
   * The dead-letter topic did not acknowledge a quarantined record: the record must not be skipped,
   * so the stream thread fails (and is replaced) rather than continuing past it.
   */
  static final class DeadLetterUnavailableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    DeadLetterUnavailableException(String topic, String record, Throwable cause) {
      super(
          "the dead-letter topic " + topic + " did not take the record at " + record + ": " + cause,
          cause);
    }
  }
}
