package dev.correlate.streams;

import dev.correlate.core.topics.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * One step of the topology, counted: every record it reads ({@code
 * correlate_streams_records_in_total}), every record it forwards, from {@code process} or from a
 * punctuator ({@code correlate_streams_records_out_total}), and every forwarded record that carries
 * dead-letter headers ({@link DeadLetters#headers}) by its stage and reason ({@code
 * correlate_streams_dead_letters_total}). It wraps the step's processor supplier, so the step's own
 * code knows nothing of metrics.
 */
final class CountedStep<KIn, VIn, KOut, VOut> implements ProcessorSupplier<KIn, VIn, KOut, VOut> {
  private final ProcessorSupplier<KIn, VIn, KOut, VOut> step;
  private final MeterRegistry registry;
  private final Counter in;
  private final Counter out;

  private CountedStep(
      String name, ProcessorSupplier<KIn, VIn, KOut, VOut> step, MeterRegistry registry) {
    this.step = step;
    this.registry = registry;
    this.in = StreamsMeters.recordsIn(registry, name);
    this.out = StreamsMeters.recordsOut(registry, name);
  }

  /** {@code step}'s processors, counted as {@code name} in {@code registry}. */
  static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> of(
      String name, ProcessorSupplier<KIn, VIn, KOut, VOut> step, MeterRegistry registry) {
    return new CountedStep<>(name, step, registry);
  }

  @Override
  public Processor<KIn, VIn, KOut, VOut> get() {
    Processor<KIn, VIn, KOut, VOut> processor = step.get();
    return new Processor<>() {
      @Override
      public void init(ProcessorContext<KOut, VOut> context) {
        processor.init(new Counting<>(context));
      }

      @Override
      public void process(Record<KIn, VIn> record) {
        in.increment();
        processor.process(record);
      }

      @Override
      public void close() {
        processor.close();
      }
    };
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return step.stores();
  }

  private void forwarded(Record<?, ?> record) {
    out.increment();
    Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
    Header stage = record.headers().lastHeader(DeadLetterHeaders.STAGE);
    if (reason != null && stage != null) {
      StreamsMeters.deadLetters(registry, text(stage), text(reason)).increment();
    }
  }

  private static String text(Header header) {
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The step's context, counting what it forwards; everything else is the real context's. */
  private final class Counting<K, V> implements ProcessorContext<K, V> {
    private final ProcessorContext<K, V> context;

    Counting(ProcessorContext<K, V> context) {
      this.context = context;
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
      forwarded(record);
      context.forward(record);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
      forwarded(record);
      context.forward(record, childName);
    }

    @Override
    public String applicationId() {
      return context.applicationId();
    }

    @Override
    public TaskId taskId() {
      return context.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
      return context.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
      return context.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
      return context.valueSerde();
    }

    @Override
    public File stateDir() {
      return context.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
      return context.metrics();
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
      return context.getStateStore(name);
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
      return context.schedule(interval, type, callback);
    }

    @Override
    public void commit() {
      context.commit();
    }

    @Override
    public Map<String, Object> appConfigs() {
      return context.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
      return context.appConfigsWithPrefix(prefix);
    }

    @Override
    public long currentSystemTimeMs() {
      return context.currentSystemTimeMs();
    }

    @Override
    public long currentStreamTimeMs() {
      return context.currentStreamTimeMs();
    }
  }
}
