package dev.correlate.ingest;

import dev.correlate.core.cloudwatch.DecodeFailure;
import dev.correlate.core.cloudwatch.DecodeResult;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.cloudwatch.SubscriptionDecoder;
import dev.correlate.core.health.Fatal;
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
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way CloudWatch data enters Kafka, shared by the Firehose endpoint, the raw endpoint, the
 * Lambda handler and backfill. A {@link Batch} decodes each payload as it is added and sends its
 * events at once; {@link Batch#await()} returns only when Kafka acknowledged every record of the
 * batch, so a caller acknowledges its sender only after that. Undecodable payloads, oversized
 * events and events outside CloudWatch's time window go to the dead-letter topic with their reason,
 * and the rest of the batch proceeds. Once a batch has failed (Kafka did not take a record in
 * time), the rest of it is neither decoded nor sent: its sender retries it whole.
 *
 * <p>Kafka being away is an outage: the batch fails, its sender retries, the producer reconnects by
 * itself. A producer error that no retry heals (credentials or ACLs refused, a protocol the broker
 * does not speak, the producer in a fatal state) is reported to {@link Fatal}, so that the process
 * is restarted instead of answering 503 forever. Thread-safe; a batch belongs to one thread.
 */
public final class Intake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  private final SubscriptionDecoder decoder;
  private final RawEventPublisher publisher;
  private final IngestMetrics metrics;
  private final Duration sendTimeout;
  private final IngestSettings.EventWindow window;
  private final Clock clock;
  private final Fatal fatal;

  Intake(
      SubscriptionDecoder decoder,
      RawEventPublisher publisher,
      IngestMetrics metrics,
      Duration sendTimeout,
      IngestSettings.EventWindow window,
      Clock clock,
      Fatal fatal) {
    this.decoder = decoder;
    this.publisher = publisher;
    this.metrics = metrics;
    this.sendTimeout = sendTimeout;
    this.window = window;
    this.clock = clock;
    this.fatal = fatal;
  }

  /**
   * An intake writing to the Kafka of {@code settings}, counting into {@code registry}, reporting
   * producer errors that cannot heal to {@code fatal}. Close it to flush.
   */
  public static Intake connect(IngestSettings settings, MeterRegistry registry, Fatal fatal) {
    return new Intake(
        new SubscriptionDecoder(settings.limits()),
        RawEventPublisher.connect(settings.kafka()),
        new IngestMetrics(registry),
        settings.kafka().sendTimeout(),
        settings.window(),
        Clock.systemUTC(),
        fatal);
  }

  Clock clock() {
    return clock;
  }

  /**
   * Starts a batch. {@code requestId} names the request on dead-letter records (the Firehose
   * request id, or a generated one); the deadline for Kafka's acknowledgements starts now.
   */
  public Batch begin(Provenance provenance, String requestId) {
    return new Batch(
        provenance, requestId, clock.millis() + sendTimeout.toMillis(), decoder.allowance());
  }

  /**
   * Whether a producer error is one that waiting heals (Kafka away, slow, a leader moving). Refused
   * credentials or ACLs and an unsupported protocol never heal; nor does anything else {@code
   * send()} itself throws ({@code thrownBySend}), which it does only once the producer is in an
   * error state it never leaves. Other errors of one record's delivery (say a topic refusing its
   * size) fail that request only.
   */
  static boolean heals(Throwable e, boolean thrownBySend) {
    if (e instanceof RetriableException || e instanceof InterruptException) {
      return true;
    }
    if (e instanceof AuthenticationException
        || e instanceof AuthorizationException
        || e instanceof UnsupportedVersionException) {
      return false;
    }
    return !thrownBySend;
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
    private final SubscriptionDecoder.Allowance allowance;
    private final long started = System.nanoTime();
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();
    private KafkaUnavailableException failure;
    private String keyGroup;
    private String keyStream;
    private byte[] key;
    private int events;
    private int control;
    private int quarantined;

    private Batch(
        Provenance provenance,
        String requestId,
        long deadline,
        SubscriptionDecoder.Allowance allowance) {
      this.provenance = provenance;
      this.requestId = requestId;
      this.deadline = deadline;
      this.allowance = allowance;
    }

    /**
     * Whether the batch has failed already: nothing more of it is decoded or sent, and {@link
     * #await()} will throw. Callers with more payloads to add may stop reading them.
     */
    public boolean failed() {
      return failure != null;
    }

    /**
     * Adds a payload that arrived as base64 text (a Firehose record, a Lambda {@code
     * awslogs.data}).
     */
    public void addBase64(String data) {
      metrics.records(provenance.intake(), 1);
      if (!failed()) {
        take(
            decoder.decodeBase64(data, provenance, allowance),
            () -> data.getBytes(StandardCharsets.UTF_8),
            true);
      }
    }

    /** Adds a payload that arrived as bytes: gzip or an inflated subscription document. */
    public void addBinary(byte[] payload) {
      metrics.records(provenance.intake(), 1);
      if (!failed()) {
        take(decoder.decode(payload, provenance, allowance), () -> payload, true);
      }
    }

    /**
     * Adds events that are already decoded (backfill); oversized ones are quarantined like any
     * other. Their times are not checked against the event window: they were read back from
     * CloudWatch, which took them in within it.
     */
    public void addEvents(List<RawLogEvent> decoded) {
      take(new DecodeResult.Decoded(decoded, 0, List.of()), () -> new byte[0], false);
    }

    /**
     * Quarantines input that the caller found unusable before decoding, for example an event
     * without data.
     */
    public void reject(byte[] original, DecodeFailure why) {
      metrics.records(provenance.intake(), 1);
      quarantine(null, original, why);
    }

    private void take(DecodeResult result, Supplier<byte[]> original, boolean inWindow) {
      if (result instanceof DecodeResult.Rejected rejected) {
        quarantine(null, original.get(), rejected.failure());
        return;
      }
      DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
      control += decoded.controlMessages();
      metrics.controlMessages(provenance.intake(), decoded.controlMessages());
      String tooLarge = "message over " + decoder.limits().maxEventBytes() + " bytes";
      for (RawLogEvent event : decoded.events()) {
        String outside =
            inWindow ? window.outside(event.timestamp(), provenance.receivedAt()) : null;
        if (outside != null) {
          quarantine(
              event.streamKey(),
              Json.write(event),
              new DecodeFailure(
                  DecodeFailure.Reason.TIMESTAMP_OUT_OF_RANGE,
                  "event " + event.eventId() + ": " + outside));
        } else if (!inWindow && overLimit(event)) {
          tooLarge(event, tooLarge);
        } else {
          publish(event);
        }
      }
      decoded.tooLarge().forEach(e -> tooLarge(e, tooLarge));
    }

    /**
     * For events not decoded here (backfill): the decoder's per-event limit, measured the same way.
     */
    private boolean overLimit(RawLogEvent event) {
      int max = decoder.limits().maxEventBytes();
      return event.message().length() > max / 3
          && event.message().getBytes(StandardCharsets.UTF_8).length > max;
    }

    private void publish(RawLogEvent event) {
      byte[] key = rawKey(event);
      byte[] value = Json.write(event);
      if (!publisher.fits(value, key)) {
        tooLarge(event, "record of " + value.length + " bytes exceeds the Kafka record limit");
        return;
      }
      events++;
      send(() -> publisher.publish(key, value));
    }

    /**
     * The event's raw key in bytes. The events of a subscription document share their log group and
     * stream, so the key is made once per run of them rather than per event.
     */
    private byte[] rawKey(RawLogEvent event) {
      if (!event.logStream().equals(keyStream) || !event.logGroup().equals(keyGroup)) {
        keyGroup = event.logGroup();
        keyStream = event.logStream();
        key = event.rawKey().getBytes(StandardCharsets.UTF_8);
      }
      return key;
    }

    private void tooLarge(RawLogEvent event, String detail) {
      quarantine(
          event.streamKey(),
          Json.write(event),
          new DecodeFailure(
              DecodeFailure.Reason.EVENT_TOO_LARGE, "event " + event.eventId() + ": " + detail));
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
        failure =
            new KafkaUnavailableException(
                "Kafka did not take the records within " + sendTimeout, null);
        return;
      }
      try {
        sent.add(send.get());
      } catch (KafkaException e) {
        failure = new KafkaUnavailableException("Kafka refused a record: " + e.getMessage(), e);
        unlessItHeals(e, true);
      }
    }

    /** Reports a producer error that retrying does not heal; the batch fails either way. */
    private void unlessItHeals(Throwable e, boolean thrownBySend) {
      if (!heals(e, thrownBySend)) {
        LOG.error("the Kafka producer cannot recover; stopping ingest so that it is restarted", e);
        fatal.failed("ingest-producer", e);
      }
    }

    /**
     * Waits until Kafka acknowledged every record sent, or the deadline passed.
     *
     * @throws KafkaUnavailableException when any record was not acknowledged in time; nothing may
     *     be acknowledged
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
            unlessItHeals(e.getCause(), false);
            throw new KafkaUnavailableException(
                "Kafka did not acknowledge a record: " + e.getCause(), e.getCause());
          } catch (TimeoutException e) {
            throw new KafkaUnavailableException(
                "Kafka did not acknowledge within " + sendTimeout, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
          }
        }
      } catch (KafkaUnavailableException e) {
        metrics.kafkaUnavailable(provenance.intake());
        throw e;
      }
      metrics
          .produceLatency(provenance.intake())
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      metrics.events(provenance.intake(), events);
      return new Summary(events, control, quarantined);
    }
  }
}
