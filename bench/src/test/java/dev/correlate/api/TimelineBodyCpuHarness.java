package dev.correlate.api;

import dev.correlate.bench.IndexerCpuHarness;
import dev.correlate.core.json.Json;
import dev.correlate.core.json.JsonCursor;
import dev.correlate.core.model.LogEvent;
import dev.correlate.storage.Documents;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What the query API's thread spends per event writing a timeline page, without OpenSearch or
 * Jetty: simulated TradAI events (the end-to-end bench's mix, as the indexer stores them) in one
 * array as a page of the {@code _msearch} answer holds them, each page read as the store reads an
 * answer (each document located with a {@link JsonCursor}) and through {@link TimelineBody} (the
 * transcoder, the body's blocks) as the timeline handler does; reported per round: the thread's CPU
 * µs and bytes allocated per event (the body's own array apart). In the API's package (the body and
 * the transcoder are not public); A/B by putting another build's {@code query-api} classes in front
 * of the class path, one JVM per build, alternating. Not a test (it asserts nothing); run it by
 * hand, see docs/performance.md:
 *
 * <pre>
 * ./mvnw -o -q -B -pl bench -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp \
 *     -Dmdep.includeScope=test
 * java -cp [other classes:]bench/target/test-classes:$(cat /tmp/bench.cp) \
 *     dev.correlate.api.TimelineBodyCpuHarness 1000 300 6
 * </pre>
 */
public final class TimelineBodyCpuHarness {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private TimelineBodyCpuHarness() {}

  public static void main(String[] args) throws Exception {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int pages = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    byte[] page = page(size);
    int events = count(page);
    System.out.printf(
        "pages of %d events (%d bytes), %d pages per round, %d rounds (the first is warm-up)%n",
        events, page.length, pages, rounds);
    long written = 0;
    for (int round = 0; round < rounds; round++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long allocated = THREADS.getCurrentThreadAllocatedBytes();
      long body = 0;
      for (int i = 0; i < pages; i++) {
        body += write(page);
      }
      cpu = THREADS.getCurrentThreadCpuTime() - cpu;
      allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
      double perEvent = (double) pages * events;
      System.out.printf(
          "round %d: %.2f µs per event, %.0f bytes allocated per event (the body %.0f)%n",
          round, cpu / 1_000.0 / perEvent, allocated / perEvent, body / perEvent);
      written += body;
    }
    System.out.printf("(%d bytes written)%n", written);
  }

  /** About {@code size} stored event documents in one JSON array. */
  private static byte[] page(int size) throws Exception {
    List<byte[]> events = IndexerCpuHarness.events(2L * size); // the simulator makes fewer
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    page.write('[');
    for (int i = 0; i < events.size() && i < size; i++) {
      if (i > 0) {
        page.write(',');
      }
      page.write(Documents.event(Json.read(events.get(i), LogEvent.class)));
    }
    page.write(']');
    return page.toByteArray();
  }

  private static int count(byte[] page) throws Exception {
    int count = 0;
    JsonCursor in = new JsonCursor(page, 0, page.length);
    in.expect('[');
    while (in.nextElement()) {
      in.skipValue();
      count++;
    }
    return count;
  }

  /** The timeline body of one page, as the handler writes it (to nowhere): its length. */
  private static long write(byte[] page) throws Exception {
    TimelineBody body =
        new TimelineBody("job", "bench", 2, () -> 0L, OutputStream::nullOutputStream);
    JsonCursor in = new JsonCursor(page, 0, page.length);
    in.expect('[');
    while (in.nextElement()) {
      int from = in.skipValue();
      body.accept(page, from, in.position());
    }
    body.finish(null);
    return body.size();
  }
}
