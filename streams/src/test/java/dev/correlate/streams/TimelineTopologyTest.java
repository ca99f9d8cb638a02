package dev.correlate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.core.json.Json;
import dev.correlate.core.model.Facts;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.core.model.SourceKind;
import dev.correlate.core.model.TimelineHomes;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.topics.DeadLetterHeaders;
import dev.correlate.core.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on {@link TopologyTestDriver}, one test per stitching case. The parser is replaced
 * by one that reads the test's own description of each line (a {@link LogEvent} as JSON in the
 * message), so each test says exactly which ids, streams and Lambda records a line carries.
 */
class TimelineTopologyTest {
  private static final Topics TOPICS = Topics.defaults();
  private static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
  private static final String TASK = "0123456789abcdef0123456789abcdef";
  private static final String ARN = "arn:aws:ecs:eu-central-1:123456789012:task/tradai-dev/" + TASK;

  @TempDir Path stateDir;

  /**
   * The defaults with a 1 s emit interval: the tests below advance the wall clock a second at a
   * time and read the summaries it emitted.
   */
  private static final TopologySettings DEFAULTS =
      emittingEvery(TopologySettings.defaults(), Duration.ofSeconds(1));

  private TopologySettings settings = DEFAULTS;
  private final AtomicLong ids = new AtomicLong(1);
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, byte[]> eventsOut;
  private TestOutputTopic<String, byte[]> timelinesOut;
  private TestOutputTopic<String, byte[]> deadLetters;
  private final Map<String, LogEvent> events = new LinkedHashMap<>();
  private final List<LogEvent> eventEmissions = new ArrayList<>();
  private final Map<String, TimelineSummary> summaries = new LinkedHashMap<>();
  private int summaryEmissions;

  @BeforeEach
  void start() {
    startWith(settings);
  }

  /** Starts the driver over the topology with {@code with}; a test may restart it first thing. */
  private void startWith(TopologySettings with) {
    if (driver != null) {
      driver.close();
    }
    settings = with;
    Properties props = DriverProperties.of("correlate-test", stateDir);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver =
        new TopologyTestDriver(
            TimelineTopology.build(TOPICS, settings, TimelineTopologyTest::describedBy, false),
            props,
            Instant.ofEpochMilli(T0));
    raw = driver.createInputTopic(TOPICS.raw(), new StringSerializer(), new ByteArraySerializer());
    eventsOut =
        driver.createOutputTopic(
            TOPICS.events(), new StringDeserializer(), new ByteArrayDeserializer());
    timelinesOut =
        driver.createOutputTopic(
            TOPICS.timelines(), new StringDeserializer(), new ByteArrayDeserializer());
    deadLetters =
        driver.createOutputTopic(
            TOPICS.deadLetter(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** The test parser: the message is the event as the real parser would have produced it. */
  private static LogEvent describedBy(RawLogEvent raw) {
    LogEvent d = Json.read(raw.message().getBytes(StandardCharsets.UTF_8), LogEvent.class);
    return new LogEvent(
        raw.eventId(),
        raw.timestamp(),
        d.messageTimestamp(),
        raw.receivedAt(),
        raw.logGroup(),
        raw.logStream(),
        null,
        null,
        d.service(),
        null,
        d.sourceKind(),
        d.level(),
        null,
        d.message(),
        null,
        d.correlationIds(),
        d.jobIds(),
        d.lambdaRequestId(),
        d.ecsTaskId(),
        d.ecsTaskArns(),
        null,
        d.facts(),
        null);
  }

  /** A line to send: its stream and what it says. */
  private final class Line {
    private final String group;
    private final String stream;
    private final String eventId = String.format("%056d", ids.getAndIncrement());
    private long at = T0;
    private SourceKind kind = SourceKind.ECS_SERVICE;
    private Level level = Level.INFO;
    private List<String> correlationIds = List.of();
    private List<String> jobIds = List.of();
    private List<String> arns = List.of();
    private String requestId;
    private String taskId;
    private Long messageAt;
    private Facts facts = Facts.NONE;

    Line(String group, String stream) {
      this.group = group;
      this.stream = stream;
    }

    Line at(long offsetMs) {
      at = T0 + offsetMs;
      return this;
    }

    Line corr(String... c) {
      correlationIds = List.of(c);
      return this;
    }

    Line job(String... j) {
      jobIds = List.of(j);
      return this;
    }

    Line arn(String a) {
      arns = List.of(a);
      return this;
    }

    Line level(Level l) {
      level = l;
      return this;
    }

    Line messageAt(long ms) {
      messageAt = ms;
      return this;
    }

    Line lambda(String type, String id) {
      kind = SourceKind.LAMBDA;
      facts =
          new Facts(
              new Facts.LambdaFacts(type, id, null, null, null, null, null, null, null, null, null),
              null,
              null,
              null,
              null,
              null,
              null,
              null);
      return this;
    }

    Line ecsState(String lastStatus, long version, Integer exitCode) {
      kind = SourceKind.EVENTS;
      taskId = TASK;
      arns = List.of(ARN);
      if ("STOPPED".equals(lastStatus)) {
        level = Level.ERROR;
      }
      Facts.EcsTaskFacts task =
          new Facts.EcsTaskFacts(
              ARN,
              "arn:aws:ecs:eu-central-1:123456789012:cluster/tradai-dev",
              "family:tradai-strategy-dev",
              lastStatus,
              "STOPPED".equals(lastStatus) ? "STOPPED" : "RUNNING",
              "STOPPED".equals(lastStatus) ? "EssentialContainerExited" : null,
              null,
              List.of(
                  new Facts.EcsContainer(
                      "strategy",
                      exitCode,
                      exitCode != null && exitCode == 137
                          ? "OutOfMemoryError: Container killed due to memory usage"
                          : null,
                      lastStatus)),
              "1024",
              "2048",
              null,
              T0,
              null,
              null,
              version);
      facts = new Facts(null, null, null, List.of(), null, exitCode, task, null);
      return this;
    }

    Line s3Created(String key) {
      kind = SourceKind.EVENTS;
      String location = "s3://tradai-backtests-dev/" + key;
      facts =
          new Facts(
              null,
              null,
              null,
              List.of(location),
              null,
              null,
              null,
              new Facts.S3ObjectFacts("tradai-backtests-dev", key, 48213L, "b1946a", "PutObject"));
      return this;
    }

    Line lambdaLine(String id) {
      kind = SourceKind.LAMBDA;
      requestId = id;
      return this;
    }

    Line kindLambda() {
      kind = SourceKind.LAMBDA;
      return this;
    }

    RawLogEvent raw() {
      LogEvent d =
          new LogEvent(
              "x",
              at,
              messageAt,
              at,
              group,
              stream,
              null,
              null,
              service(),
              null,
              kind,
              level,
              null,
              "line " + eventId,
              null,
              correlationIds,
              jobIds,
              requestId,
              taskId,
              arns,
              null,
              facts,
              null);
      return new RawLogEvent(
          "123456789012",
          group,
          stream,
          List.of(),
          null,
          Map.of(),
          eventId,
          at,
          Json.writeString(d),
          at,
          RawLogEvent.Intake.FIREHOSE,
          null,
          Map.of());
    }

    private String service() {
      return group.substring(group.lastIndexOf('/') + 1);
    }

    String send() {
      pipe(raw());
      return eventId;
    }
  }

  private Line backend() {
    return new Line("/ecs/tradai-backend-dev", "backend/backend/ffffffffffffffffffffffffffffffff");
  }

  private Line taskLine() {
    Line l = new Line("/ecs/tradai-strategy-dev", "strategy/strategy/" + TASK);
    l.kind = SourceKind.ECS_TASK;
    l.taskId = TASK;
    return l;
  }

  /** EventBridge writes each event to a stream of its own in the events log group. */
  private Line awsEvent() {
    return new Line(
        "/aws/events/tradai-dev", String.format("%08x-7005-947d-b652-f55e762e571a", ids.get()));
  }

  private Line lambdaStream(String stream) {
    return new Line("/aws/lambda/tradai-sqs-consumer-dev", stream);
  }

  private void pipe(RawLogEvent r) {
    raw.pipeInput(new TestRecord<>(r.rawKey(), Json.write(r), Instant.ofEpochMilli(r.timestamp())));
  }

  private void tick(Duration d) {
    driver.advanceWallClockTime(d);
    drain();
  }

  private void drain() {
    assertRememberedCountsExact(AliasResolver.LINKS_STORE, AliasResolver.CHUNKS_STORE);
    assertRememberedCountsExact(
        StitchProcessor.INVOCATION_LINKS_STORE, StitchProcessor.INVOCATION_CHUNKS_STORE);
    for (KeyValue<String, byte[]> kv : eventsOut.readKeyValuesToList()) {
      LogEvent e = Json.read(kv.value, LogEvent.class);
      assertThat(kv.key).isEqualTo(e.eventId());
      events.put(kv.key, e);
      eventEmissions.add(e);
    }
    for (KeyValue<String, byte[]> kv : timelinesOut.readKeyValuesToList()) {
      if (kv.value == null) {
        summaries.remove(kv.key);
      } else {
        summaries.put(kv.key, Json.read(kv.value, TimelineSummary.class));
        summaryEmissions++;
      }
    }
  }

  @Test
  void linkFirst_taskEventsGetTheJobAndCorrelationOfTheLineNamingTheTask() {
    backend().corr("c-1").job("bt-1").arn(ARN).send();
    String first = taskLine().at(1000).send();
    String second = taskLine().at(2000).level(Level.ERROR).send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(first).jobIds()).containsExactly("bt-1");
    assertThat(events.get(first).correlationIds()).containsExactly("c-1");
    assertThat(events.get(second).link()).isEqualTo(new Link(Link.Via.ECS_TASK, "task:" + TASK));
    TimelineSummary job = summaries.get("job:bt-1");
    assertThat(job.eventCount()).isEqualTo(3);
    assertThat(job.errorCount()).isEqualTo(1);
    assertThat(job.firstError().eventId()).isEqualTo(second);
    assertThat(job.ecsTaskIds()).containsExactly(TASK);
    assertThat(job.correlationIds()).containsExactly("c-1");
    assertThat(job.services()).containsOnlyKeys("tradai-backend-dev", "tradai-strategy-dev");
    assertThat(summaries.get("correlation:c-1").eventCount()).isEqualTo(3);
    assertThat(summaries.get("correlation:c-1").jobIds()).containsExactly("bt-1");
  }

  @Test
  void eventFirst_isHeldUntilTheLinkArrives_thenReleasedEnriched() {
    String early = taskLine().send();
    tick(Duration.ofSeconds(1));
    assertThat(events).doesNotContainKey(early);

    backend().at(5000).corr("c-2").job("bt-2").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(early).jobIds()).containsExactly("bt-2");
    assertThat(eventEmissions).filteredOn(e -> e.eventId().equals(early)).hasSize(1);
    assertThat(summaries.get("job:bt-2").eventCount()).isEqualTo(2);
    assertThat(summaries.get("job:bt-2").warnings()).doesNotContain("unlinked_task");
  }

  @Test
  void linkNeverComes_eventIsReleasedUnlinkedAfterHoldTime_andALateLinkReemitsIt() {
    String orphan = taskLine().send();
    tick(settings.holdTime().plusSeconds(1));

    assertThat(events.get(orphan).link()).isEqualTo(new Link(Link.Via.UNLINKED, "task:" + TASK));
    assertThat(events.get(orphan).jobIds()).isEmpty();
    assertThat(summaries).isEmpty();

    backend().at(60_000).job("bt-3").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(orphan).jobIds()).containsExactly("bt-3");
    assertThat(events.get(orphan).link().via()).isEqualTo(Link.Via.ECS_TASK);
    assertThat(summaries.get("job:bt-3").eventCount()).isEqualTo(2);
    assertThat(summaries.get("job:bt-3").warnings()).contains("unlinked_task");
  }

  @Test
  void invocationThatNamesNoId_isReleasedUnlinkedAtItsReport_withoutWaitingOutTheHold() {
    String stream = "2026/11/27/[$LATEST]cccc";
    String start = lambdaStream(stream).lambda("START", "req-6").send();
    String bare = lambdaStream(stream).at(10).kindLambda().send();
    String report = lambdaStream(stream).at(30).lambda("REPORT", "req-6").send();
    drain();

    assertThat(events).containsKeys(start, bare, report);
    assertThat(events.get(bare).link()).isEqualTo(new Link(Link.Via.UNLINKED, "req:req-6"));
    assertThat(events.get(report).link()).isEqualTo(new Link(Link.Via.UNLINKED, "req:req-6"));

    tick(settings.holdTime().plusSeconds(1));
    assertThat(eventEmissions).filteredOn(e -> e.eventId().equals(bare)).hasSize(1);
    assertThat(summaries).isEmpty();
  }

  /**
   * A log stream's state and an alias's ids and open chunk of remembered events are kept
   * deserialized between commits (live objects), and still reach their changelogs at each commit,
   * where a restart restores them from.
   */
  @Test
  void openInvocationAndItsIds_reachTheirChangelogsAtTheCommit() {
    String stream = "2026/11/27/[$LATEST]dddd";
    lambdaStream(stream).lambda("START", "req-9").send();
    lambdaStream(stream).at(10).lambdaLine("req-9").corr("c-9").send();
    drain();

    Map<String, StitchProcessor.StreamState> streams =
        changelog(StitchProcessor.STREAM_STATE_STORE, StitchProcessor.StreamState.class);
    assertThat(streams.get("/aws/lambda/tradai-sqs-consumer-dev|" + stream).openRequestId())
        .isEqualTo("req-9");
    Map<String, AliasStitcher.AliasState> aliases =
        changelog(StitchProcessor.INVOCATION_LINKS_STORE, AliasStitcher.AliasState.class);
    assertThat(aliases.get("req:req-9").correlationIds()).containsExactly("c-9");
    // its remembered events (START and the line) travel in the same record
    assertThat(aliases.get("req:req-9").open().events()).hasSize(2);
  }

  /** The latest value per key that {@code store}'s changelog holds. */
  private <V> Map<String, V> changelog(String store, Class<V> type) {
    return driver
        .createOutputTopic(
            "correlate-test-" + store + "-changelog",
            new StringDeserializer(),
            new JsonSerde<>(type).deserializer())
        .readKeyValuesToMap();
  }

  @Test
  void linksFromOtherStreams_meetTheTaskAlias_andANewIdReemitsWithoutRecounting() {
    // the task's own first line names the job; a line of another log group later names the task
    // with a request
    taskLine().job("bt-4").send();
    String plain = taskLine().at(1000).send();
    tick(Duration.ofSeconds(1));
    assertThat(events.get(plain).jobIds()).containsExactly("bt-4");
    assertThat(events.get(plain).correlationIds()).isEmpty();

    lambdaStream("2026/11/27/[$LATEST]aaaa").at(2000).corr("c-4").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(plain).correlationIds()).containsExactly("c-4");
    assertThat(summaries.get("job:bt-4").eventCount()).isEqualTo(2);
    assertThat(summaries.get("correlation:c-4").eventCount()).isEqualTo(3);
  }

  @Test
  void lambdaInvocation_linesWithoutRequestIdGetItByPosition_andTheCorrelationOfAnyLineOfIt() {
    Line start = lambdaStream("2026/11/27/[$LATEST]bbbb").lambda("START", "req-1");
    start.send();
    String bare = lambdaStream("2026/11/27/[$LATEST]bbbb").at(10).kindLambda().send();
    lambdaStream("2026/11/27/[$LATEST]bbbb")
        .at(20)
        .lambdaLine("req-1")
        .corr("c-5")
        .job("bt-5")
        .send();
    lambdaStream("2026/11/27/[$LATEST]bbbb").at(30).lambda("END", "req-1").send();
    String after = lambdaStream("2026/11/27/[$LATEST]bbbb").at(40).kindLambda().send();
    tick(settings.holdTime().plusSeconds(1));

    assertThat(events.get(bare).lambdaRequestId()).isEqualTo("req-1");
    assertThat(events.get(bare).correlationIds()).containsExactly("c-5");
    assertThat(events.get(bare).link())
        .isEqualTo(new Link(Link.Via.LAMBDA_INVOCATION, "req:req-1"));
    assertThat(events.get(after).lambdaRequestId()).isNull();
    assertThat(events.get(after).link()).isEqualTo(Link.NONE);
    assertThat(summaries.get("correlation:c-5").eventCount()).isEqualTo(4);
    assertThat(summaries.get("correlation:c-5").lambdaRequestIds()).containsExactly("req-1");
    assertThat(summaries.get("job:bt-5").eventCount()).isEqualTo(4);
  }

  @Test
  void
      ecsTaskStateChangeWithoutIds_arrivingBeforeTheTaskIsLinked_isHeld_thenJoinsTheJobWithTheTasksState() {
    String stopped = awsEvent().at(90_000).ecsState("STOPPED", 5, 137).send();
    String running = awsEvent().at(30_000).ecsState("RUNNING", 3, null).send();
    tick(Duration.ofSeconds(1));
    assertThat(events).doesNotContainKeys(stopped, running);

    backend().corr("c-1").job("bt-1").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(stopped).jobIds()).containsExactly("bt-1");
    assertThat(events.get(stopped).link()).isEqualTo(new Link(Link.Via.ECS_TASK, "task:" + TASK));
    TimelineSummary job = summaries.get("job:bt-1");
    assertThat(job.eventCount()).isEqualTo(3);
    assertThat(job.diagnosis().category()).isEqualTo("oom");
    assertThat(job.context().ecsTasks())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.taskArn()).isEqualTo(ARN);
              assertThat(task.state().lastStatus())
                  .as("the latest by version, not by arrival")
                  .isEqualTo("STOPPED");
              assertThat(task.state().exitCode()).isEqualTo(137);
            });
    assertThat(job.context().region()).isEqualTo("eu-central-1");
  }

  @Test
  void ecsTaskStateChangeNamingTheJob_linksTheTaskStreamThatArrivedBeforeIt() {
    String taskLine = taskLine().at(40_000).send();
    tick(Duration.ofSeconds(1));
    assertThat(events).doesNotContainKey(taskLine);

    String change = awsEvent().at(30_000).job("bt-2").ecsState("RUNNING", 3, null).send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(change).link()).isEqualTo(Link.SELF);
    assertThat(events.get(taskLine).jobIds()).containsExactly("bt-2");
    assertThat(events.get(taskLine).link()).isEqualTo(new Link(Link.Via.ECS_TASK, "task:" + TASK));
    assertThat(summaries.get("job:bt-2").diagnosis().stage()).isEqualTo("task_started");
  }

  @Test
  void taskLinesKeyedByTheirTask_areStitchedInPlace_onlyTheLinkCrossesTheTaskRepartition() {
    TestOutputTopic<String, byte[]> repartition =
        driver.createOutputTopic(
            "correlate-test-alias-repartition",
            new StringDeserializer(),
            new ByteArrayDeserializer());
    String strategy = taskLine().send();
    Line sidecar = new Line("/ecs/tradai-strategy-dev", "strategy/log-router/" + TASK);
    sidecar.kind = SourceKind.ECS_TASK;
    sidecar.taskId = TASK;
    String router = sidecar.at(10).send();
    tick(Duration.ofSeconds(1));
    assertThat(events).doesNotContainKeys(strategy, router);
    assertThat(repartition.readKeyValuesToList()).isEmpty();

    backend().at(5000).job("bt-6").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(repartition.readKeyValuesToList())
        .singleElement()
        .satisfies(kv -> assertThat(kv.key).isEqualTo("task:" + TASK));
    assertThat(events.get(strategy).jobIds()).containsExactly("bt-6");
    assertThat(events.get(router).jobIds()).containsExactly("bt-6");
    assertThat(summaries.get("job:bt-6").eventCount()).isEqualTo(3);
  }

  @Test
  void taskLinesKeyedByLogStream_reachTheirTaskThroughTheRepartition_andMeetTheLinesKeyedByIt() {
    // an ECS_TASK stream whose name is not in the awslogs format, and a line of the task's own
    // stream written by an ingest from before task keys (the upgrade), both keyed by log stream
    Line custom = new Line("/ecs/tradai-strategy-dev", "custom-" + TASK);
    custom.kind = SourceKind.ECS_TASK;
    custom.taskId = TASK;
    RawLogEvent customRaw = custom.raw();
    assertThat(customRaw.rawKey()).isEqualTo(customRaw.streamKey());
    pipe(customRaw);
    RawLogEvent old = taskLine().at(10).raw();
    raw.pipeInput(
        new TestRecord<>(old.streamKey(), Json.write(old), Instant.ofEpochMilli(old.timestamp())));
    String keyedByTask = taskLine().at(20).send();
    backend().at(5000).job("bt-7").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(List.of(customRaw.eventId(), old.eventId(), keyedByTask))
        .allSatisfy(id -> assertThat(events.get(id).jobIds()).containsExactly("bt-7"));
    assertThat(summaries.get("job:bt-7").eventCount()).isEqualTo(4);
  }

  @Test
  void s3ObjectCreatedNamingTheJob_joinsTheJob_asItsResults() {
    backend().corr("c-3").job("bt-3").send();
    awsEvent().at(60_000).job("bt-3").s3Created("backtests/bt-3/backtest-result.json").send();
    tick(Duration.ofSeconds(1));

    TimelineSummary job = summaries.get("job:bt-3");
    assertThat(job.diagnosis().stage()).isEqualTo("results_written");
    assertThat(job.context().results())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.location())
                  .isEqualTo("s3://tradai-backtests-dev/backtests/bt-3/backtest-result.json");
              assertThat(r.size()).isEqualTo(48213L);
            });
  }

  @Test
  void duplicateDelivery_isEmittedAndCountedOnce() {
    RawLogEvent line = backend().job("bt-6").raw();
    pipe(line);
    pipe(line);
    tick(Duration.ofSeconds(1));
    pipe(line);
    tick(Duration.ofSeconds(1));

    assertThat(eventEmissions).hasSize(1);
    assertThat(summaries.get("job:bt-6").eventCount()).isEqualTo(1);
  }

  @Test
  void lateEvent_reopensAClosedTimeline() {
    backend().job("bt-7").send();
    tick(Duration.ofSeconds(1));
    tick(settings.closeAfter());
    TimelineSummary closed = summaries.get("job:bt-7");
    assertThat(closed.closed()).isTrue();

    backend().at(-60_000).job("bt-7").send();
    tick(Duration.ofSeconds(1));

    TimelineSummary reopened = summaries.get("job:bt-7");
    assertThat(reopened.closed()).isFalse();
    assertThat(reopened.eventCount()).isEqualTo(2);
    assertThat(reopened.firstEventAt()).isEqualTo(T0 - 60_000);
    assertThat(reopened.warnings()).contains("late_event");
    assertThat(reopened.revision()).isGreaterThan(closed.revision());
  }

  @Test
  void home_isThePeriodOfCreation_keptByEveryRevision_afterThePeriodEnds() {
    startWith(settings.withTimelinesPeriod(Duration.ofHours(1)));
    long home = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    backend().job("bt-home").send();
    tick(Duration.ofSeconds(1));
    assertThat(summaries.get("job:bt-home").home()).isEqualTo(home);

    // events every 20 min keep it open past 11:00, where the next period starts
    for (int i = 1; i <= 4; i++) {
      tick(Duration.ofMinutes(20));
      backend().at(i * 20 * 60_000L).job("bt-home").send();
    }
    tick(Duration.ofSeconds(1));

    TimelineSummary later = summaries.get("job:bt-home");
    assertThat(later.updatedAt()).isGreaterThan(home + Duration.ofHours(1).toMillis());
    assertThat(later.eventCount()).isEqualTo(5);
    assertThat(later.home()).isEqualTo(home);
    // a timeline created now is at home in the new period
    backend().job("bt-next").send();
    tick(Duration.ofSeconds(1));
    assertThat(summaries.get("job:bt-next").home())
        .isEqualTo(home + Duration.ofHours(1).toMillis());
  }

  @Test
  void home_isNotFromTheEventTime_soALateFirstEventDoesNotMoveIt() {
    backend().at(-Duration.ofDays(30).toMillis()).job("bt-backfill").send();
    tick(Duration.ofSeconds(1));

    assertThat(summaries.get("job:bt-backfill").home())
        .isEqualTo(TimelineHomes.homeAt(T0, settings.timelinesPeriod()));
  }

  @Test
  void aTimelinePurgedThenReopened_getsTheHomeOfItsNewCreation_andAHigherRevision() {
    startWith(settings.withTimelinesPeriod(Duration.ofHours(1)));
    backend().job("bt-again").send();
    tick(Duration.ofSeconds(1));
    TimelineSummary first = summaries.get("job:bt-again");
    tick(settings.closeAfter());
    tick(settings.closedRetention());
    assertThat(summaries).doesNotContainKey("job:bt-again");

    backend().at(-60_000).job("bt-again").send();
    tick(Duration.ofSeconds(1));

    TimelineSummary reopened = summaries.get("job:bt-again");
    assertThat(reopened.home()).isGreaterThan(first.home());
    assertThat(reopened.revision()).isGreaterThan(first.revision());
  }

  /**
   * A restart restores each aggregate from its changelog, as its JSON: the home comes back with it;
   * an aggregate from before homes existed has none (0, the legacy index) and keeps it.
   */
  @Test
  void home_survivesTheStatesJson_andAStateFromBeforeHomes_staysInTheLegacyIndex() {
    backend().job("bt-kept").send();
    tick(Duration.ofSeconds(1));
    KeyValueStore<String, TimelineState> store =
        driver.getKeyValueStore(TimelineAggregator.SUMMARIES_STORE);
    TimelineState kept = store.get("job:bt-kept");
    TimelineState restored =
        TimelineTopology.PARTIALS
            .deserializer()
            .deserialize("t", TimelineTopology.PARTIALS.serializer().serialize("t", kept));
    assertThat(restored.home).isEqualTo(kept.home).isNotZero();

    TimelineState old = TimelineState.start(dev.correlate.core.model.TimelineId.job("bt-old"));
    store.put("job:bt-old", old);
    backend().job("bt-old").send();
    tick(Duration.ofSeconds(1));

    assertThat(summaries.get("job:bt-old").home()).isZero();
    assertThat(summaries.get("job:bt-old").eventCount()).isEqualTo(1);
  }

  @Test
  void closedTimeline_isPurgedFromStateAfterRetention_withATombstone() {
    backend().job("bt-8").send();
    tick(Duration.ofSeconds(1));
    tick(settings.closeAfter());
    tick(settings.closedRetention());

    assertThat(summaries).doesNotContainKey("job:bt-8");
    KeyValueStore<String, TimelineState> store =
        driver.getKeyValueStore(TimelineAggregator.SUMMARIES_STORE);
    assertThat(store.get("job:bt-8")).isNull();
    assertThat(TestStores.count(driver.getKeyValueStore(TimelineAggregator.TIMERS_STORE))).isZero();
  }

  @Test
  void timelineChangedEverySecond_isEmittedOncePerEmitInterval_withItsLatestCounts() {
    startWith(emittingEvery(settings, Duration.ofSeconds(5)));
    for (int i = 0; i < 10; i++) {
      backend().job("bt-busy").at(i * 1000L).send();
      tick(Duration.ofSeconds(1));
      if (i < 4) {
        assertThat(summaries).as("before the first interval ends").isEmpty();
      }
    }

    assertThat(summaryEmissions).isEqualTo(2);
    assertThat(summaries.get("job:bt-busy").eventCount()).isEqualTo(10);
  }

  @Test
  void linkNeverComes_atALongEmitInterval_eventIsReleasedAtItsHoldTimeNotAtAnEmission() {
    startWith(emittingEvery(settings, Duration.ofSeconds(5)));
    tick(Duration.ofSeconds(1));
    String orphan = taskLine().send();
    for (long s = 0; s < settings.holdTime().toSeconds(); s++) {
      assertThat(events).doesNotContainKey(orphan);
      tick(Duration.ofSeconds(1));
    }

    // held from T0 + 1 s: due at T0 + 6 s, where the aggregator's next punctuation is at T0 + 10 s
    assertThat(events).containsKey(orphan);
    assertThat(events.get(orphan).link()).isEqualTo(new Link(Link.Via.UNLINKED, "task:" + TASK));
  }

  /** {@code s} with another emit interval. */
  private static TopologySettings emittingEvery(TopologySettings s, Duration interval) {
    return s.withLifecycle(s.holdTime(), interval, s.closeAfter(), s.stuckAfter());
  }

  @Test
  void silentJob_becomesStuckOnTheWallClockWithoutNewEvents() {
    backend().job("bt-9").send();
    tick(Duration.ofSeconds(1));
    assertThat(summaries.get("job:bt-9").status()).isEqualTo("running");

    tick(settings.stuckAfter());

    assertThat(summaries.get("job:bt-9").status()).isEqualTo("stuck");
    assertThat(summaries.get("job:bt-9").closed()).isFalse();
  }

  @Test
  void clockSkew_isFlagged() {
    backend().job("bt-10").messageAt(T0 + Duration.ofHours(1).toMillis()).send();
    tick(Duration.ofSeconds(1));

    assertThat(summaries.get("job:bt-10").warnings()).containsExactly("clock_skew");
  }

  @Test
  void unreadableRawRecord_isQuarantinedWithItsReason() {
    raw.pipeInput("g|s", "not json".getBytes(StandardCharsets.UTF_8));

    TestRecord<String, byte[]> dead = deadLetters.readRecord();
    assertThat(dead.key()).isEqualTo("g|s");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(header(dead, DeadLetterHeaders.STAGE)).isEqualTo("streams");
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("bad_raw_event");
    assertThat(eventsOut.isEmpty()).isTrue();
  }

  @Test
  void aliasOutlivesItsRememberedEvents_aLinkAfterThemReemitsNothing_andLaterEventsAgain() {
    String first = taskLine().job("bt-5").send();
    tick(settings.pendingTtl().plusSeconds(1));
    assertThat(remembered(AliasResolver.LINKS_STORE, AliasResolver.CHUNKS_STORE)).isZero();
    assertThat(
            driver
                .<String, AliasStitcher.AliasState>getKeyValueStore(AliasResolver.LINKS_STORE)
                .get("task:" + TASK))
        .isNotNull();

    backend().at(1000).corr("c-5").arn(ARN).send();
    String later = taskLine().at(2000).send();
    tick(Duration.ofSeconds(1));
    backend().at(3000).corr("c-6").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(eventEmissions).filteredOn(e -> e.eventId().equals(first)).hasSize(1);
    assertThat(events.get(later).correlationIds()).containsExactly("c-5", "c-6");
    assertThat(eventEmissions).filteredOn(e -> e.eventId().equals(later)).hasSize(2);
    assertThat(summaries.get("job:bt-5").eventCount()).isEqualTo(2);
    assertThat(summaries.get("correlation:c-6").eventCount()).isEqualTo(2);
  }

  @Test
  void aliasDueWithItsEvents_isForgottenWithTheLast_andCountsAfreshWhenUsedAgain() {
    // alias and memory both last one hold: the alias's timer sorts before its events' at one time
    Duration hold = settings.holdTime();
    startWith(stitchMemory(hold, hold, hold));
    String early = taskLine().send();
    tick(hold);
    assertThat(events.get(early).link()).isEqualTo(new Link(Link.Via.UNLINKED, "task:" + TASK));
    tick(Duration.ofSeconds(1));
    assertThat(remembered(AliasResolver.LINKS_STORE, AliasResolver.CHUNKS_STORE)).isZero();
    assertThat(TestStores.count(driver.getKeyValueStore(AliasResolver.LINKS_STORE))).isZero();

    String again = taskLine().at(10_000).send();
    backend().at(11_000).job("bt-7").arn(ARN).send();
    backend().at(12_000).corr("c-7").arn(ARN).send();
    tick(Duration.ofSeconds(1));

    assertThat(eventEmissions).filteredOn(e -> e.eventId().equals(early)).hasSize(1);
    assertThat(events.get(again).jobIds()).containsExactly("bt-7");
    assertThat(events.get(again).correlationIds()).containsExactly("c-7");
    assertThat(summaries.get("job:bt-7").eventCount()).isEqualTo(2);
    assertThat(summaries.get("correlation:c-7").eventCount()).isEqualTo(2);
  }

  @Test
  void invocationLineNamingItsIdAfterItsReport_reemitsItsEvents_thenAliasAndEventsAreForgotten() {
    Duration hold = settings.holdTime();
    startWith(stitchMemory(hold, hold.multipliedBy(3), hold.multipliedBy(3)));
    String stream = "2026/11/27/[$LATEST]dddd";
    lambdaStream(stream).lambda("START", "req-8").send();
    String bare = lambdaStream(stream).at(10).kindLambda().send();
    lambdaStream(stream).at(30).lambda("REPORT", "req-8").send();
    tick(hold.multipliedBy(2));
    assertThat(
            remembered(
                StitchProcessor.INVOCATION_LINKS_STORE, StitchProcessor.INVOCATION_CHUNKS_STORE))
        .isEqualTo(3);
    // the invocation's remembered events are in its own record: no chunk of their own
    assertThat(TestStores.count(driver.getKeyValueStore(StitchProcessor.INVOCATION_CHUNKS_STORE)))
        .isZero();

    // a line of the invocation naming its correlation, delivered after its REPORT
    lambdaStream(stream).at(20).lambdaLine("req-8").corr("c-8").send();
    tick(Duration.ofSeconds(1));

    assertThat(events.get(bare).correlationIds()).containsExactly("c-8");
    assertThat(summaries.get("correlation:c-8").eventCount()).isEqualTo(4);
    tick(hold.multipliedBy(4));
    assertThat(
            remembered(
                StitchProcessor.INVOCATION_LINKS_STORE, StitchProcessor.INVOCATION_CHUNKS_STORE))
        .isZero();
    assertThat(TestStores.count(driver.getKeyValueStore(StitchProcessor.INVOCATION_LINKS_STORE)))
        .isZero();
  }

  /** The defaults with other hold, memory and alias durations. */
  private static TopologySettings stitchMemory(Duration hold, Duration pendingTtl, Duration alias) {
    TopologySettings d = DEFAULTS;
    return new TopologySettings(
        hold,
        pendingTtl,
        alias,
        d.maxPendingPerAlias(),
        d.maxPendingPerTask(),
        d.maxIdsPerAlias(),
        d.dedupeWindow(),
        d.emitInterval(),
        d.closeAfter(),
        d.closedRetention(),
        d.stuckAfter(),
        d.clockSkewTolerance(),
        d.streamStateTtl(),
        d.maxRelatedIds(),
        d.maxServices(),
        d.liveTimelines(),
        d.parserRules(),
        d.diagnosisRules(),
        d.timelinesPeriod());
  }

  @Test
  void hundredThousandEventTimeline_keepsStateBounded_andEmitsAtABoundedRate() {
    taskLine().job("bt-big").arn(ARN).send();
    int n = 100_000;
    for (int i = 1; i < n; i++) {
      Line line = i % 2 == 0 ? taskLine() : backend().job("bt-big");
      line.at(i).level(i % 1000 == 0 ? Level.ERROR : Level.INFO).send();
      if (i % 10_000 == 0) {
        tick(Duration.ofSeconds(1));
      }
    }
    tick(Duration.ofSeconds(1));

    TimelineSummary job = summaries.get("job:bt-big");
    assertThat(job.eventCount()).isEqualTo(n);
    assertThat(job.errorCount()).isEqualTo(99);
    assertThat(summaryEmissions).isLessThanOrEqualTo(11);
    KeyValueStore<String, TimelineState> store =
        driver.getKeyValueStore(TimelineAggregator.SUMMARIES_STORE);
    assertThat(TestStores.count(store)).isEqualTo(1);
    assertThat(Json.write(store.get("job:bt-big")).length).isLessThan(10_000);
    assertThat(remembered(AliasResolver.LINKS_STORE, AliasResolver.CHUNKS_STORE))
        .isEqualTo(settings.maxPendingPerAlias());
    // one record per full chunk of CHUNK_EVENTS remembered events, the rest in the alias's own
    assertThat(TestStores.count(driver.getKeyValueStore(AliasResolver.CHUNKS_STORE)))
        .isEqualTo(settings.maxPendingPerAlias() / AliasStitcher.CHUNK_EVENTS);

    tick(settings.pendingTtl());
    assertThat(remembered(AliasResolver.LINKS_STORE, AliasResolver.CHUNKS_STORE)).isZero();
  }

  /**
   * Every alias's {@code remembered} equals its events in its open chunk and the closed chunks, and
   * no remembered event outlives its alias: the re-emission scan is skipped on that count.
   */
  private void assertRememberedCountsExact(String linksStore, String chunksStore) {
    Map<String, Integer> remembered = rememberedByAlias(linksStore, chunksStore);
    Map<String, Integer> counted = new LinkedHashMap<>();
    try (KeyValueIterator<String, AliasStitcher.AliasState> it =
        driver.<String, AliasStitcher.AliasState>getKeyValueStore(linksStore).all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.remembered() > 0) {
              counted.put(kv.key, kv.value.remembered());
            }
          });
    }
    assertThat(counted).as(linksStore).isEqualTo(remembered);
  }

  /** The events remembered by a stitcher: its aliases' open chunks and its closed chunks. */
  private long remembered(String linksStore, String chunksStore) {
    return rememberedByAlias(linksStore, chunksStore).values().stream()
        .mapToLong(Integer::longValue)
        .sum();
  }

  private Map<String, Integer> rememberedByAlias(String linksStore, String chunksStore) {
    Map<String, Integer> remembered = new LinkedHashMap<>();
    try (KeyValueIterator<String, AliasStitcher.Chunk> it =
        driver.<String, AliasStitcher.Chunk>getKeyValueStore(chunksStore).all()) {
      it.forEachRemaining(
          kv ->
              remembered.merge(
                  kv.key.substring(0, kv.key.lastIndexOf('|')),
                  kv.value.events().size(),
                  Integer::sum));
    }
    try (KeyValueIterator<String, AliasStitcher.AliasState> it =
        driver.<String, AliasStitcher.AliasState>getKeyValueStore(linksStore).all()) {
      it.forEachRemaining(
          kv -> {
            if (!kv.value.open().events().isEmpty()) {
              remembered.merge(kv.key, kv.value.open().events().size(), Integer::sum);
            }
          });
    }
    return remembered;
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
