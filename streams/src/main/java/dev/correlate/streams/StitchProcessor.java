package dev.correlate.streams;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.parse.LogEventParser;
import dev.correlate.core.parse.MultilineErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sub-topology 1, keyed by the raw key ({@link RawLogEvent#rawKey()}: an ECS task's streams by
 * {@code task:<task id>}, any other stream by {@code <log group>|<log stream>}), so a stream's
 * events arrive here in order on one partition; what is kept per stream is keyed by the group and
 * stream of the event itself, whatever the raw key. Per raw event:
 *
 * <ol>
 *   <li>reads it; unreadable bytes are quarantined ({@code bad_raw_event});
 *   <li>drops it if its CloudWatch event id was already seen (Firehose retries, overlapping
 *       backfills, replays): the same event always comes on the same key, so what was seen is
 *       partition-local ({@link Dedupe}: one changelog record per commit, not per event);
 *   <li>parses it (in production {@link LogEventParser});
 *   <li>groups the events of one multi-line error (traceback, stack trace) of the stream ({@link
 *       MultilineErrors});
 *   <li>gives lines inside a Lambda invocation that lack a request id the id of the open invocation
 *       of their stream (text format: between {@code START} and {@code END}/{@code REPORT}; one
 *       invocation at a time per execution environment);
 *   <li>emits a link {@code task:<id> → ids} for every ECS task ARN named on a line that names ids
 *       (except its own alias, which learns them from the event itself);
 *   <li>stitches a Lambda invocation's events in place ({@link AliasStitcher} on the {@code
 *       invocation-*} stores): an invocation runs in one execution environment, which writes one
 *       log stream, so all of its lines come through this partition, and no repartition is needed;
 *   <li>routes an ECS task's event keyed by {@code task:<id>} to the task's resolver ({@link
 *       AliasResolver}): on this partition when the raw record was keyed by that task (the task's
 *       own streams, as ingest keys them), else across the task repartition (an EventBridge task
 *       state change, a task stream whose name is not in the {@code awslogs} format, or one keyed
 *       by log stream by an older ingest); and an event without an alias, keyed by its event id,
 *       straight on.
 * </ol>
 *
 * Per-stream state that is unused for {@link TopologySettings#streamStateTtl()} is dropped by a
 * wall-clock punctuator.
 */
final class StitchProcessor implements Processor<String, byte[], String, Routed> {
  static final String DEDUPE_BATCHES_STORE = "dedupe-batches";
  static final String DEDUPE_INDEX_STORE = "dedupe-index";
  static final String DEDUPE_HOOK_STORE = "dedupe-hook";
  static final String STREAM_STATE_STORE = "stream-state";
  static final String INVOCATION_LINKS_STORE = "invocation-links";
  static final String INVOCATION_CHUNKS_STORE = "invocation-remembered";
  static final String INVOCATION_REMEMBERED_STORE = "invocation-remembered-ids";
  static final String INVOCATION_TIMERS_STORE = "invocation-timers";

  /**
   * Per-log-stream state: the Lambda invocation open in that stream, where the stream is inside a
   * multi-line error, and when the stream was last seen.
   */
  record StreamState(String openRequestId, MultilineErrors.State error, long lastSeenAt) {}

  private final TopologySettings settings;
  private final Function<RawLogEvent, LogEvent> parser;
  private ProcessorContext<String, Routed> context;
  private Dedupe dedupe;
  private KeyValueStore<String, StreamState> streams;
  private AliasStitcher invocations;

  StitchProcessor(TopologySettings settings, Function<RawLogEvent, LogEvent> parser) {
    this.settings = settings;
    this.parser = parser;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.dedupe =
        new Dedupe(
            settings,
            context.getStateStore(DEDUPE_BATCHES_STORE),
            context.getStateStore(DEDUPE_INDEX_STORE));
    dedupe.start();
    PreCommitHook hook = context.getStateStore(DEDUPE_HOOK_STORE);
    hook.listen(dedupe);
    this.streams = context.getStateStore(STREAM_STATE_STORE);
    this.invocations =
        new AliasStitcher(
            settings,
            context.getStateStore(INVOCATION_LINKS_STORE),
            context.getStateStore(INVOCATION_CHUNKS_STORE),
            context.getStateStore(INVOCATION_REMEMBERED_STORE),
            context.getStateStore(INVOCATION_TIMERS_STORE),
            (alias, resolved, timestamp) ->
                context.forward(new Record<>(alias, Routed.resolved(resolved), timestamp)));
    invocations.start();
    context.schedule(
        settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, invocations::expire);
    Duration every =
        settings.streamStateTtl().dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
            ? Duration.ofSeconds(1)
            : settings.streamStateTtl().dividedBy(4);
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expireStreamState);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    long now = context.currentSystemTimeMs();
    RawLogEvent raw;
    try {
      raw = Json.read(record.value(), RawLogEvent.class);
    } catch (RuntimeException e) {
      quarantine(record, "bad_raw_event", e, now);
      return;
    }
    if (dedupe.seen(raw.eventId(), raw.timestamp())) {
      return;
    }
    LogEvent event;
    try {
      event = parser.apply(raw);
    } catch (RuntimeException e) {
      quarantine(record, "parse_failed", e, now);
      return;
    }
    event = followStream(raw.streamKey(), event, now);
    Optional<String> alias = Aliases.of(event);
    for (KeyValue<String, Routed.AliasLink> link : links(event)) {
      // the event itself teaches its own alias its ids (an ECS task state change naming its job)
      if (!alias.map(link.key::equals).orElse(false)) {
        context.forward(new Record<>(link.key, Routed.link(link.value), record.timestamp()));
      }
    }
    if (alias.isPresent() && alias.get().startsWith(Aliases.REQUEST)) {
      invocations.onEvent(alias.get(), event, now, record.timestamp());
    } else if (alias.isPresent() && alias.get().equals(record.key())) {
      // ingest keyed the line by its task: the task's resolver is on this partition
      context.forward(new Record<>(alias.get(), Routed.local(event), record.timestamp()));
    } else if (alias.isPresent()) {
      context.forward(new Record<>(alias.get(), Routed.event(event), record.timestamp()));
    } else {
      LogEvent direct =
          event.withLink(
              event.correlationIds(), event.jobIds(), event.namesAnId() ? Link.SELF : Link.NONE);
      context.forward(
          new Record<>(
              event.eventId(), Routed.resolved(Resolved.fresh(direct)), record.timestamp()));
    }
  }

  /**
   * Applies and advances the stream's state: the open Lambda invocation and the multi-line error.
   */
  private LogEvent followStream(String streamKey, LogEvent event, long now) {
    StreamState state = streams.get(streamKey);
    String open = state == null ? null : state.openRequestId();
    Facts.LambdaFacts lambda = event.facts().lambda();
    String type = lambda == null || lambda.type() == null ? "" : lambda.type();
    String ownId =
        event.lambdaRequestId() != null
            ? event.lambdaRequestId()
            : lambda != null ? lambda.requestId() : null;
    if ("START".equals(type) && ownId != null) {
      open = ownId;
    }
    LogEvent out = event;
    if (out.lambdaRequestId() == null) {
      if (ownId != null) {
        out = out.withLambdaRequestId(ownId);
      } else if (open != null && event.sourceKind() == SourceKind.LAMBDA) {
        out = out.withLambdaRequestId(open);
      }
    }
    if (("END".equals(type) || "REPORT".equals(type)) && (ownId == null || ownId.equals(open))) {
      open = null;
    }
    MultilineErrors.Step step = MultilineErrors.next(state == null ? null : state.error(), out);
    if (open == null && step.state() == null) {
      if (state != null) {
        streams.delete(streamKey);
      }
    } else {
      streams.put(streamKey, new StreamState(open, step.state(), now));
    }
    return step.event();
  }

  /** A line that names ids and ECS task ARNs ties each of those tasks to the ids. */
  private static List<KeyValue<String, Routed.AliasLink>> links(LogEvent event) {
    List<KeyValue<String, Routed.AliasLink>> out = new ArrayList<>();
    if (!event.namesAnId()) {
      return out;
    }
    for (String arn : event.ecsTaskArns()) {
      Aliases.taskIdOfArn(arn)
          .ifPresent(
              task ->
                  out.add(
                      KeyValue.pair(
                          Aliases.TASK + task,
                          new Routed.AliasLink(
                              event.correlationIds(), event.jobIds(), event.eventId()))));
    }
    return out;
  }

  private void quarantine(Record<String, byte[]> record, String reason, Exception e, long now) {
    context.forward(
        new Record<>(
            record.key(),
            Routed.rejected(record.value()),
            record.timestamp(),
            DeadLetters.headers(
                record.headers(),
                DeadLetters.STREAMS,
                reason,
                String.valueOf(e.getMessage()),
                now)));
  }

  private void expireStreamState(long now) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, StreamState> all = streams.all()) {
      all.forEachRemaining(
          kv -> {
            if (now - kv.value.lastSeenAt() >= settings.streamStateTtl().toMillis()) {
              expired.add(kv.key);
            }
          });
    }
    expired.forEach(streams::delete);
  }
}
