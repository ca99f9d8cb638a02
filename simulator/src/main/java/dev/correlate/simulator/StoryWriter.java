package dev.correlate.simulator;

import dev.correlate.simulator.Estate.LogStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Collects the lines of one story (one job, one request, one health check), each with its {@link
 * Tags}, and keeps a story's clock: every line is written at or after the story's start and never
 * after "now".
 */
final class StoryWriter {
  final Estate estate;
  final SplittableRandom rnd;
  private final EventIds ids;
  private final long now;
  private final List<Line> lines = new ArrayList<>();

  StoryWriter(Estate estate, SplittableRandom rnd, EventIds ids) {
    this.estate = estate;
    this.rnd = rnd;
    this.ids = ids;
    this.now = estate.settings.now();
  }

  void write(LogStream stream, long ts, String message, Tags tags) {
    if (ts > now) {
      throw new IllegalStateException(
          "story wrote a line after now: " + ts + " > " + now + ": " + message);
    }
    long sequence = ids.nextSequence();
    lines.add(new Line(sequence, ids.next(ts), stream, ts, message, tags));
  }

  /** A random delay in [min, max] milliseconds. */
  long pause(long minMs, long maxMs) {
    return Ids.between(rnd, minMs, maxMs);
  }

  List<Line> lines() {
    return lines;
  }
}
