package dev.correlate.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Generates realistic TradAI traffic as Amazon Data Firehose HTTP-endpoint requests carrying
 * CloudWatch Logs subscription batches, covering every {@link Scenario}, with its {@link
 * GroundTruth}. Deterministic: the same settings give the same requests, byte for byte.
 *
 * <pre>{@code
 * TrafficSimulator sim = new TrafficSimulator(SimulationSettings.defaults());
 * Simulation all = sim.generate();                       // small runs: everything in memory
 * GroundTruth truth = sim.stream(request -> post(request.toJson()));   // streaming, truth collected
 * Iterator<FirehoseRequest> it = sim.requests();         // streaming, no truth kept (benchmarks)
 * GroundTruth t = sim.write(Path.of("traffic.ndjson"), Path.of("truth.json"));
 * }</pre>
 */
public final class TrafficSimulator {
  private final SimulationSettings settings;

  public TrafficSimulator(SimulationSettings settings) {
    this.settings = settings;
  }

  public SimulationSettings settings() {
    return settings;
  }

  /** The whole run in memory; for tests and demos of modest size. */
  public Simulation generate() {
    List<FirehoseRequest> requests = new ArrayList<>();
    GroundTruth truth = stream(requests::add);
    return new Simulation(requests, truth);
  }

  /** Streams every request, in delivery order, to {@code sink}; returns the ground truth. */
  public GroundTruth stream(Consumer<FirehoseRequest> sink) {
    TruthCollector truth = new TruthCollector();
    Generation run = new Generation(settings, sink, truth);
    while (run.step()) {
      // each step tells one story and pushes what became deliverable to the sink
    }
    return truth.build(settings, run.counts());
  }

  /**
   * The requests, generated lazily as the iterator is consumed, without keeping the ground truth:
   * memory stays bounded by the stories that overlap in time, whatever the volume.
   */
  public Iterator<FirehoseRequest> requests() {
    Queue<FirehoseRequest> ready = new ArrayDeque<>();
    Generation run = new Generation(settings, ready::add, null);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && run.step()) {
          // generate until a request is ready or the run is over
        }
        return !ready.isEmpty();
      }

      @Override
      public FirehoseRequest next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.remove();
      }
    };
  }

  /**
   * Writes the requests to {@code ndjson}, one request body per line, and the ground truth to
   * {@code truthJson} (if not null); returns the truth.
   */
  public GroundTruth write(Path ndjson, Path truthJson) {
    GroundTruth truth;
    try (BufferedWriter out = Files.newBufferedWriter(ndjson, StandardCharsets.UTF_8)) {
      truth =
          stream(
              request -> {
                try {
                  out.write(request.toJson());
                  out.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write traffic to " + ndjson, e);
    }
    if (truthJson != null) {
      truth.write(truthJson);
    }
    return truth;
  }

  /**
   * {@code base} with {@code jobsPerScenario} and {@code plainRequests} scaled so that the run
   * holds about {@code events} distinct log events (measured on one run of {@code base} at one job
   * per scenario).
   */
  public static SimulationSettings scaledTo(SimulationSettings base, long events) {
    SimulationSettings unit = base.withVolume(1, Math.max(base.plainRequests(), 10));
    Generation probe = new Generation(unit, request -> {}, null);
    while (probe.step()) {
      // a dry run of one job per scenario, to measure events per unit of volume
    }
    long perUnit = probe.counts().events();
    long factor = Math.max(1, Math.round((double) events / perUnit));
    return base.withVolume(Math.toIntExact(factor), Math.toIntExact(unit.plainRequests() * factor));
  }
}
