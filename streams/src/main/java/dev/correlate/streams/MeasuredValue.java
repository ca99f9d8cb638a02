package dev.correlate.streams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The last measurement of a gauge that a periodic task measures, {@code NaN} until the first one
 * and while it cannot be measured: a scrape reads it and never waits for a broker or the index.
 */
final class MeasuredValue {
  private volatile double value = Double.NaN;

  /**
   * A value registered as the gauge {@code name} with {@code tags}; the gauge holds it strongly.
   */
  static MeasuredValue register(
      MeterRegistry registry, String name, String description, String baseUnit, Tags tags) {
    MeasuredValue v = new MeasuredValue();
    Gauge.builder(name, v, MeasuredValue::get)
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags)
        .strongReference(true)
        .register(registry);
    return v;
  }

  double get() {
    return value;
  }

  void set(double value) {
    this.value = value;
  }
}
