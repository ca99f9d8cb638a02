package dev.correlate.streams;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * Error handling as configuration: records that fail to deserialize, to process or to be produced are copied to
 * the dead-letter topic with their reason ({@code deserialization_failed}, {@code processing_failed},
 * {@code production_failed}, stage {@code streams}) and processing continues. The handler writes with its own
 * plain producer, outside the Streams transaction: a quarantined record may be written twice, never lost. Errors
 * that are not about one record (the broker unreachable, fencing) are left to Kafka Streams and fail the thread.
 *
 * <p>Configured with {@link #DEAD_LETTER_TOPIC} and {@link #METER_REGISTRY} in the Streams properties; one class
 * serves all three handler configs, each instance owning its producer for the life of the application. Every record
 * quarantined counts in {@code correlate_streams_dead_letters_total}.
 */
public final class DeadLetterHandlers implements DeserializationExceptionHandler, ProcessingExceptionHandler,
    ProductionExceptionHandler {
  /** Streams property naming the dead-letter topic. */
  public static final String DEAD_LETTER_TOPIC = "correlate.dead.letter.topic";
  /**
   * Streams property holding the service's {@link MeterRegistry} itself (Kafka Streams hands the handlers its
   * configuration objects as given, and creates the handlers itself).
   */
  public static final String METER_REGISTRY = "correlate.meter.registry";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private String topic;
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
    producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dlq");
  }

  @Override
  public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                               Exception exception) {
    return quarantine(context, record.key(), record.value(), record.headers(), "deserialization_failed", exception)
        ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
  }

  @Override
  public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    // the source record's bytes: what an operator can replay
    return quarantine(context, context.sourceRawKey(), context.sourceRawValue(), context.headers(),
        "processing_failed", exception) ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
  }

  @Override
  public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context,
                                                   ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (!(exception instanceof RecordTooLargeException)) {
      return ProductionExceptionHandlerResponse.FAIL;
    }
    return quarantine(context, context.sourceRawKey(), context.sourceRawValue(), context.headers(),
        "production_failed", exception)
        ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
      ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
    return quarantine(context, context.sourceRawKey(), context.sourceRawValue(), context.headers(),
        "serialization_failed", exception)
        ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
  }

  private synchronized boolean quarantine(ErrorHandlerContext context, byte[] key, byte[] value, Headers headers,
                                          String reason, Exception exception) {
    String detail = exception.getClass().getSimpleName() + ": " + exception.getMessage() + " (at "
        + context.processorNodeId() + ", " + context.topic() + "-" + context.partition() + "@" + context.offset()
        + ")";
    LOG.warn("quarantining a record to {}: {} {}", topic, reason, detail);
    try {
      if (producer == null) {
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
      }
      producer.send(new ProducerRecord<>(topic, null, key, value,
          DeadLetters.headers(headers, DeadLetters.STREAMS, reason, detail, System.currentTimeMillis())))
          .get(30, TimeUnit.SECONDS);
      StreamsMeters.deadLetters(registry, DeadLetters.STREAMS, reason).increment();
      return true;
    } catch (Exception e) {
      LOG.error("cannot write to the dead-letter topic {}; failing instead of losing the record", topic, e);
      return false;
    }
  }
}
