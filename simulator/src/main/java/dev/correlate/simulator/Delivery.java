package dev.correlate.simulator;

import dev.correlate.simulator.Estate.LogStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * CloudWatch Logs subscription → Firehose → HTTP endpoint, simulated. Lines, fed in timestamp
 * order, are buffered per log stream into subscription batches (at most {@code batchSize} events,
 * {@value #BATCH_WINDOW_MS} ms from the first); each batch is delivered after a random latency plus
 * the largest delay its lines ask for, so batches of different log groups arrive out of order;
 * Firehose packs delivered batches into requests (at most {@code recordsPerRequest} records,
 * {@value #BUFFER_INTERVAL_MS} ms of buffering), adds CONTROL_MESSAGE records and re-sends some
 * requests unchanged, as retries do.
 */
final class Delivery {
  static final long BATCH_WINDOW_MS = 2_000;
  static final long BUFFER_INTERVAL_MS = 60_000;
  private static final long MAX_LATENCY_MS = 15_000;

  private record Batch(long deliverAt, long order, SubscriptionBatch batch) {}

  private record Sent(FirehoseRequest request, long events, long controls, long resendAfter) {}

  private final SimulationSettings settings;
  private final SplittableRandom rnd;
  private final Consumer<FirehoseRequest> out;
  private final Map<LogStream, List<Line>> open = new LinkedHashMap<>();
  private final PriorityQueue<Batch> inFlight =
      new PriorityQueue<>(
          Comparator.comparingLong(Batch::deliverAt).thenComparingLong(Batch::order));
  private final List<SubscriptionBatch> packing = new ArrayList<>();
  private final Deque<Sent> resends = new ArrayDeque<>();
  private long packingSince;
  private long packingLast;
  private long batchOrder;
  private double controlPhase;
  private double duplicatePhase;

  private long events;
  private long deliveredEvents;
  private long batches;
  private long requests;
  private long duplicateRequests;
  private long controlMessages;

  Delivery(SimulationSettings settings, SplittableRandom rnd, Consumer<FirehoseRequest> out) {
    this.settings = settings;
    this.rnd = rnd;
    this.out = out;
    // a random phase: the first control message and the first re-send fall somewhere in the first
    // 1/rate requests
    this.controlPhase = rnd.nextDouble();
    this.duplicatePhase = rnd.nextDouble();
  }

  /** Takes the next line; lines must come in timestamp order. */
  void accept(Line line) {
    closeBatchesOlderThan(line.timestamp() - BATCH_WINDOW_MS);
    List<Line> buffer = open.computeIfAbsent(line.stream(), s -> new ArrayList<>());
    buffer.add(line);
    if (buffer.size() >= settings.batchSize()) {
      close(line.stream());
    }
    // every batch still to come is delivered after the oldest open batch's window, or after this
    // line's
    long firstOpen =
        open.isEmpty() ? line.timestamp() : open.values().iterator().next().get(0).timestamp();
    deliverUpTo(Math.min(firstOpen, line.timestamp()) + BATCH_WINDOW_MS);
  }

  /** Delivers everything still buffered and sends the last requests. */
  void finish() {
    closeBatchesOlderThan(Long.MAX_VALUE);
    deliverUpTo(Long.MAX_VALUE);
    if (!packing.isEmpty()) {
      send();
    }
    while (!resends.isEmpty()) {
      resend(resends.removeFirst());
    }
  }

  GroundTruth.Counts counts() {
    return new GroundTruth.Counts(
        events,
        deliveredEvents,
        deliveredEvents - events,
        batches,
        requests,
        duplicateRequests,
        controlMessages);
  }

  private void closeBatchesOlderThan(long cutoff) {
    Iterator<Map.Entry<LogStream, List<Line>>> oldestFirst = open.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<LogStream, List<Line>> entry = oldestFirst.next();
      if (entry.getValue().get(0).timestamp() >= cutoff) {
        return;
      }
      oldestFirst.remove();
      enqueue(entry.getKey(), entry.getValue());
    }
  }

  private void close(LogStream stream) {
    enqueue(stream, open.remove(stream));
  }

  private void enqueue(LogStream stream, List<Line> lines) {
    long last = lines.get(lines.size() - 1).timestamp();
    long delay = lines.stream().mapToLong(l -> l.tags().deliveryDelayMs()).max().orElse(0);
    long deliverAt =
        lines.get(0).timestamp() + BATCH_WINDOW_MS + Ids.between(rnd, 200, MAX_LATENCY_MS) + delay;
    // nothing is delivered after "now", nor before its own last event
    deliverAt = Math.max(last, Math.min(deliverAt, settings.now()));
    SubscriptionBatch batch =
        SubscriptionBatch.data(
            settings.account(),
            stream.group(),
            stream.name(),
            lines.stream().map(Line::event).toList());
    inFlight.add(new Batch(deliverAt, batchOrder++, batch));
    events += lines.size();
    batches++;
  }

  private void deliverUpTo(long horizon) {
    while (!inFlight.isEmpty() && inFlight.peek().deliverAt() <= horizon) {
      Batch next = inFlight.poll();
      if (!packing.isEmpty() && next.deliverAt() - packingSince > BUFFER_INTERVAL_MS) {
        send();
      }
      if (packing.isEmpty()) {
        packingSince = next.deliverAt();
      }
      packing.add(next.batch());
      packingLast = next.deliverAt();
      if (packing.size() >= settings.recordsPerRequest()) {
        send();
      }
    }
  }

  private void send() {
    controlPhase += settings.controlMessageRate();
    // a full request leaves its control message to the next one: a request holds at most
    // recordsPerRequest
    if (controlPhase >= 1 && packing.size() < settings.recordsPerRequest()) {
      controlPhase -= 1;
      packing.add(rnd.nextInt(packing.size() + 1), SubscriptionBatch.control(packingLast));
    }
    long sentAt = Math.min(settings.now(), packingLast + Ids.between(rnd, 50, 900));
    FirehoseRequest request = FirehoseRequests.of(Ids.uuid(rnd), sentAt, packing);
    long eventCount =
        packing.stream().filter(b -> !b.isControl()).mapToLong(b -> b.logEvents().size()).sum();
    long controls = packing.stream().filter(SubscriptionBatch::isControl).count();
    packing.clear();
    emit(request, eventCount, controls);
    duplicatePhase += settings.duplicateRate();
    if (duplicatePhase >= 1) {
      duplicatePhase -= 1;
      // Firehose retries after a failed attempt: the same body, the same request id, a few requests
      // later
      resends.addLast(new Sent(request, eventCount, controls, requests + Ids.between(rnd, 0, 2)));
    }
    while (!resends.isEmpty() && resends.peekFirst().resendAfter() <= requests) {
      resend(resends.removeFirst());
    }
  }

  private void resend(Sent sent) {
    duplicateRequests++;
    emit(sent.request(), sent.events(), sent.controls());
  }

  private void emit(FirehoseRequest request, long eventCount, long controls) {
    requests++;
    deliveredEvents += eventCount;
    controlMessages += controls;
    out.accept(request);
  }
}
