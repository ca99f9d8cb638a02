package dev.correlate.simulator;

import dev.correlate.simulator.Estate.LogStream;

/**
 * One simulated log event with what the simulator knows about it.
 *
 * @param sequence run-wide order of creation; breaks timestamp ties
 */
record Line(
    long sequence, String eventId, LogStream stream, long timestamp, String message, Tags tags) {
  CloudWatchEvent event() {
    return new CloudWatchEvent(eventId, timestamp, message);
  }
}
