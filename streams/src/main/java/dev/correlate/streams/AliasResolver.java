package dev.correlate.streams;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keyed by ECS task ({@code task:<task id>}): a task's lines, EventBridge task state changes and
 * the links that name the task's ids meet here whatever partition or log group they came from, and
 * an {@link AliasStitcher} gives the events the task's ids. The task's own lines come straight from
 * the stitch processor of the same stream task (ingest keys the task's streams by the task); the
 * rest crosses the repartition by task, whose partition of {@code task:<id>} is read by the same
 * stream task.
 */
final class AliasResolver implements Processor<String, Routed, String, Resolved> {
  static final String LINKS_STORE = "alias-links";
  static final String CHUNKS_STORE = "alias-remembered";
  static final String REMEMBERED_STORE = "alias-remembered-ids";
  static final String TIMERS_STORE = "alias-timers";

  private final TopologySettings settings;
  private ProcessorContext<String, Resolved> context;
  private AliasStitcher stitcher;

  AliasResolver(TopologySettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Resolved> context) {
    this.context = context;
    stitcher =
        new AliasStitcher(
            settings,
            context.getStateStore(LINKS_STORE),
            context.getStateStore(CHUNKS_STORE),
            context.getStateStore(REMEMBERED_STORE),
            context.getStateStore(TIMERS_STORE),
            (alias, resolved, timestamp) ->
                context.forward(new Record<>(alias, resolved, timestamp)));
    stitcher.start();
    context.schedule(settings.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, stitcher::expire);
  }

  @Override
  public void process(Record<String, Routed> record) {
    long now = context.currentSystemTimeMs();
    Routed value = record.value();
    if (value.event() != null) {
      stitcher.onEvent(record.key(), value.event(), now, record.timestamp());
    } else {
      stitcher.onLink(record.key(), value.link(), now, record.timestamp());
    }
  }
}
