package dev.correlate.streams;

import dev.correlate.core.diagnosis.Diagnoser;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.TimelineId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;

/**
 * The map side of the timeline aggregation: folds each resolved event into a partial aggregate
 * ({@link TimelineState}) of each timeline it belongs to and was not yet counted in, and sends the
 * partials — not the events — on the timeline repartition, where {@link TimelineAggregator} merges
 * them. A busy timeline thereby costs one record per commit instead of one per event, the
 * aggregator never reads an event, and the diagnosis rules try an event once whatever the number of
 * its timelines.
 *
 * <p>Partials are held in memory and sent when the task is about to commit ({@link PreCommitHook}),
 * so they are in the same transaction as the input they came from: a crash loses neither (both are
 * redone) and duplicates neither. Beyond {@link TopologySettings#liveTimelines()} timelines held
 * they are sent at once, which is as exact (a partial sent within the transaction is as good as one
 * sent at its end).
 */
final class TimelineCombiner
    implements Processor<String, Resolved, String, TimelineState>, PreCommitHook.Listener {
  static final String HOOK_STORE = "timeline-combine-hook";

  private final TopologySettings settings;
  private final Diagnoser diagnoser;
  private final Map<String, TimelineState> partials = new LinkedHashMap<>();
  private ProcessorContext<String, TimelineState> context;
  private ProcessorNode<?, ?, ?, ?> node;

  TimelineCombiner(TopologySettings settings) {
    this.settings = settings;
    this.diagnoser = new Diagnoser(settings.diagnosisRules(), settings.stuckAfter());
  }

  @Override
  public void init(ProcessorContext<String, TimelineState> context) {
    this.context = context;
    // the hook runs outside of process() and punctuate(), where Streams has no current node to
    // forward from
    this.node = ((InternalProcessorContext<?, ?>) context).currentNode();
    partials.clear();
    PreCommitHook hook = context.getStateStore(HOOK_STORE);
    hook.listen(this);
  }

  @Override
  public void process(Record<String, Resolved> record) {
    Resolved resolved = record.value();
    LogEvent event = resolved.event();
    long now = context.currentSystemTimeMs();
    Diagnoser.Observation seen = null;
    for (String timeline : Aliases.timelines(event.correlationIds(), event.jobIds())) {
      if (resolved.counted().contains(timeline)) {
        continue;
      }
      seen = seen == null ? diagnoser.observation(event) : seen;
      TimelineState partial =
          partials.computeIfAbsent(timeline, t -> TimelineState.start(TimelineId.parse(t)));
      partial.apply(event, now, settings);
      partial.diagnosis = diagnoser.accumulate(partial.diagnosis, partial.timelineKind(), seen);
      if (resolved.waitedOut()
          && event.link() != null
          && event.link().alias() != null
          && event.link().alias().startsWith(Aliases.TASK)) {
        partial.warnings.add(TimelineState.UNLINKED_TASK);
      }
    }
    if (partials.size() > settings.liveTimelines()) {
      forwardAll();
    }
  }

  @Override
  public void beforeCommit() {
    if (partials.isEmpty()) {
      return;
    }
    InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
    ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
    internal.setCurrentNode(node);
    try {
      forwardAll();
    } finally {
      internal.setCurrentNode(previous);
    }
  }

  @Override
  public void discard() {
    partials.clear();
  }

  private void forwardAll() {
    long now = context.currentSystemTimeMs();
    for (Map.Entry<String, TimelineState> e : partials.entrySet()) {
      context.forward(new Record<>(e.getKey(), e.getValue(), now));
    }
    partials.clear();
  }

  @Override
  public void close() {
    partials.clear();
  }
}
