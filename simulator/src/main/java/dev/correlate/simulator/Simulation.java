package dev.correlate.simulator;

import java.util.List;

/**
 * A whole simulation in memory: the Firehose requests in delivery order (re-sends included) and the
 * truth.
 */
public record Simulation(List<FirehoseRequest> requests, GroundTruth truth) {
  public Simulation {
    requests = List.copyOf(requests);
  }
}
