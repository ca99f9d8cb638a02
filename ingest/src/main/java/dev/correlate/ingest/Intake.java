package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.DecodeFailure;
import dev.correlate.core.cloudwatch.DecodeResult;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The one way CloudWatch data enters Kafka, shared by the Firehose endpoint, the raw endpoint, the Lambda
 * handler and backfill. A {@link Batch} decodes each payload as it is added and sends its events at once;
 * {@link Batch#await()} returns only when Kafka acknowledged every record of the batch, so a caller acknowledges
 * its sender only after that. Undecodable payloads and oversized events go to the dead-letter topic with their
 * reason, and the rest of the batch proceeds. Thread-safe; a batch belongs to one thread.
 */
public final class Intake implements AutoCloseable {
  private final SubscriptionDecoder decoder;
  private final RawEventPublisher publisher;
  private final IngestMetrics metrics;
  private final Duration sendTimeout;
  private final Clock clock;

  Intake(SubscriptionDecoder decoder, RawEventPublisher publisher, IngestMetrics metrics, Duration sendTimeout,
      Clock clock) {
    this.decoder = decoder;
    this.publisher = publisher;
    this.metrics = metrics;
    this.sendTimeout = sendTimeout;
    this.clock = clock;
  }

  /** An intake writing to the Kafka of {@code kafka}, counting into {@code registry}. Close it to flush. */
  public static Intake connect(KafkaSettings kafka, SubscriptionDecoder.Limits limits, MeterRegistry registry) {
    return new Intake(new SubscriptionDecoder(limits), RawEventPublisher.connect(kafka), new IngestMetrics(registry),
        kafka.sendTimeout(), Clock.systemUTC());
  }

  Clock clock() {
    return clock;
  }

  /**
   * Starts a batch. {@code requestId} names the request on dead-letter records (the Firehose request id, or a
   * generated one); the deadline for Kafka's acknowledgements starts now.
   */
  public Batch begin(Provenance provenance, String requestId) {
    return new Batch(provenance, requestId, clock.millis() + sendTimeout.toMillis());
  }

  @Override
  public void close() {
    publisher.close();
  }

  /**
   * What a batch amounted to once Kafka acknowledged it.
   *
   * @param events events written to the raw topic
   * @param controlMessages CloudWatch control messages dropped
   * @param quarantined payloads or events written to the dead-letter topic
   */
  public record Summary(int events, int controlMessages, int quarantined) {}

  /** The records of one request; see {@link Intake}. */
  public final class Batch {
    private final Provenance provenance;
    private final String requestId;
    private final long deadline;
    private final long started = System.nanoTime();
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();
    private RuntimeException failure;
    private int events;
    private int control;
    private int quarantined;

    private Batch(Provenance provenance, String requestId, long deadline) {
      this.provenance = provenance;
      this.requestId = requestId;
      this.deadline = deadline;
    }

    /** Adds a payload that arrived as base64 text (a Firehose record, a Lambda {@code awslogs.data}). */
    public void addBase64(String data) {
      metrics.records(provenance.intake(), 1);
      take(decoder.decodeBase64(data, provenance), () -> data.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a payload that arrived as bytes: gzip or an inflated subscription document. */
    public void addBinary(byte[] payload) {
      metrics.records(provenance.intake(), 1);
      take(decoder.decode(payload, provenance), () -> payload);
    }

    /** Adds events that are already decoded (backfill); oversized ones are quarantined like any other. */
    public void addEvents(List<RawLogEvent> decoded) {
      int max = decoder.limits().maxEventBytes();
      for (RawLogEvent event : decoded) {
        if (event.message().length() > max / 3 && event.message().getBytes(StandardCharsets.UTF_8).length > max) {
          tooLarge(event, "message over " + max + " bytes");
        } else {
          publish(event);
        }
      }
    }

    /** Quarantines input that the caller found unusable before decoding, for example an event without data. */
    public void reject(byte[] original, DecodeFailure why) {
      metrics.records(provenance.intake(), 1);
      quarantine(null, original, why);
    }

    private void take(DecodeResult result, Supplier<byte[]> original) {
      if (result instanceof DecodeResult.Rejected rejected) {
        quarantine(null, original.get(), rejected.failure());
        return;
      }
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
      control += decoded.controlMessages();
      metrics.controlMessages(provenance.intake(), decoded.controlMessages());
      decoded.events().forEach(this::publish);
      decoded.tooLarge().forEach(e -> tooLarge(e, "message over " + decoder.limits().maxEventBytes() + " bytes"));
    }

    private void publish(RawLogEvent event) {
      String key = event.streamKey();
      byte[] value = Json.write(event);
      if (!publisher.fits(value, key)) {
        tooLarge(event, "record of " + value.length + " bytes exceeds the Kafka record limit");
        return;
      }
      events++;
      send(() -> publisher.publish(key, value));
    }

    private void tooLarge(RawLogEvent event, String detail) {
      quarantine(event.streamKey(), Json.write(event),
          new DecodeFailure(DecodeFailure.Reason.EVENT_TOO_LARGE, "event " + event.eventId() + ": " + detail));
    }

    private void quarantine(String key, byte[] original, DecodeFailure why) {
      quarantined++;
      metrics.quarantined(why.reason());
      send(() -> publisher.quarantine(key, original, why, requestId, clock.millis()));
    }

    private void send(Supplier<Future<RecordMetadata>> send) {
      if (failure != null) {
        return;
      }
      if (clock.millis() > deadline) {
        failure = new KafkaUnavailableException("Kafka did not take the records within " + sendTimeout, null);
        return;
      }
      try {
        sent.add(send.get());
      } catch (KafkaException e) {
        failure = new KafkaUnavailableException("Kafka refused a record: " + e.getMessage(), e);
      }
    }

    /**
     * Waits until Kafka acknowledged every record sent, or the deadline passed.
     *
     * @throws KafkaUnavailableException when any record was not acknowledged in time; nothing may be acknowledged
     */
    public Summary await() {
      try {
        if (failure != null) {
          throw failure;
        }
        for (Future<RecordMetadata> future : sent) {
          long remaining = Math.max(0, deadline - clock.millis());
          try {
            future.get(remaining, TimeUnit.MILLISECONDS);
          } catch (ExecutionException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge a record: " + e.getCause(), e.getCause());
          } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge within " + sendTimeout, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
          }
        }
      } catch (KafkaUnavailableException e) {
        metrics.kafkaUnavailable(provenance.intake());
        throw e;
      }
      metrics.produceLatency(provenance.intake()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      metrics.events(provenance.intake(), events);
      return new Summary(events, control, quarantined);
    }
  }
}
