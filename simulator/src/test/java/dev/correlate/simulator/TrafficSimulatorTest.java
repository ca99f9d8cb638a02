package dev.correlate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.model.Link;
import dev.correlate.simulator.DecodedTraffic.Event;
import dev.correlate.simulator.GroundTruth.CorrelationTruth;
import dev.correlate.simulator.GroundTruth.JobTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficSimulatorTest {
  /** 2026-11-27T10:00:00Z. */
  private static final long NOW = 1_795_773_600_000L;

  private static final long STUCK_SILENCE_MS = 20 * 60_000L;
  private static final SimulationSettings SETTINGS =
      SimulationSettings.defaults(NOW).withVolume(2, 12);

  private static Simulation simulation;
  private static GroundTruth truth;
  private static DecodedTraffic traffic;

  @BeforeAll
  static void simulate() {
    simulation = new TrafficSimulator(SETTINGS).generate();
    truth = simulation.truth();
    traffic =
        new DecodedTraffic(simulation.requests().stream().map(FirehoseRequest::toJson).toList());
  }

  @Test
  void generate_sameSettings_givesIdenticalRequestsAndTruth(@TempDir Path dir) {
    Simulation again = new TrafficSimulator(SETTINGS).generate();

    assertThat(again.requests().stream().map(FirehoseRequest::toJson).toList())
        .isEqualTo(simulation.requests().stream().map(FirehoseRequest::toJson).toList());
    truth.write(dir.resolve("a.json"));
    again.truth().write(dir.resolve("b.json"));
    assertThat(dir.resolve("b.json")).hasSameBinaryContentAs(dir.resolve("a.json"));
  }

  @Test
  void generate_anotherSeed_givesOtherTraffic() {
    Simulation other = new TrafficSimulator(SETTINGS.withSeed(7)).generate();

    assertThat(other.truth().jobs().keySet()).doesNotContainAnyElementsOf(truth.jobs().keySet());
    assertThat(other.truth().events().keySet())
        .doesNotContainAnyElementsOf(truth.events().keySet());
  }

  @Test
  void everyScenario_appearsInTheTruth() {
    Set<Scenario> seen = EnumSet.noneOf(Scenario.class);
    truth.jobs().values().forEach(j -> seen.add(scenario(j.scenario())));
    truth.correlations().values().forEach(c -> seen.add(scenario(c.scenario())));
    if (traffic.events.stream()
        .anyMatch(e -> e.logGroup().equals("/aws/lambda/tradai-health-check-dev"))) {
      seen.add(Scenario.HEALTH_CHECK);
    }

    assertThat(seen).containsExactlyInAnyOrder(Scenario.values());
    assertThat(truth.jobs()).hasSize(SETTINGS.totalJobs());
  }

  @Test
  void everyRecord_decodesIntoOneWellFormedSubscriptionDocument() {
    for (DecodedTraffic.Request request : traffic.requests) {
      assertThat(request.requestId()).matches("[0-9a-f-]{36}");
      assertThat(request.timestamp()).isLessThanOrEqualTo(NOW);
      assertThat(request.documents())
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(SETTINGS.recordsPerRequest());
      for (JsonNode doc : request.documents()) {
        assertThat(doc.fieldNames())
            .toIterable()
            .containsExactly(
                "messageType",
                "owner",
                "logGroup",
                "logStream",
                "subscriptionFilters",
                "logEvents");
        if (doc.get("messageType").asText().equals("DATA_MESSAGE")) {
          assertThat(doc.get("owner").asText()).isEqualTo("123456789012");
          assertThat(doc.get("logGroup").asText())
              .matches("/((ecs|aws/lambda)/tradai-[a-z-]+|aws/events/tradai)-dev");
          assertThat(doc.get("logStream").asText()).isNotEmpty();
          assertThat(doc.get("subscriptionFilters").size()).isEqualTo(1);
          assertThat(doc.get("logEvents").size()).isBetween(1, SETTINGS.batchSize());
          for (JsonNode event : doc.get("logEvents")) {
            assertThat(event.get("id").asText()).matches("\\d{56}");
            assertThat(event.get("timestamp").asLong()).isBetween(NOW - 121 * 60_000L, NOW);
            assertThat(event.get("message").isTextual()).isTrue();
          }
        } else {
          assertThat(doc.get("messageType").asText()).isEqualTo("CONTROL_MESSAGE");
        }
      }
    }
  }

  @Test
  void logStreams_followTheAwslogsAndLambdaNamingOfEachLogGroup() {
    Map<String, Set<String>> streamsByGroup =
        traffic.events.stream()
            .collect(
                Collectors.groupingBy(
                    Event::logGroup, Collectors.mapping(Event::logStream, Collectors.toSet())));

    assertThat(streamsByGroup.get("/ecs/tradai-strategy-dev"))
        .allMatch(s -> s.matches("ecs/strategy/[0-9a-f]{32}"));
    assertThat(streamsByGroup.get("/ecs/tradai-backend-dev"))
        .allMatch(s -> s.matches("ecs/backend/[0-9a-f]{32}"));
    assertThat(streamsByGroup.get("/aws/lambda/tradai-sqs-consumer-dev"))
        .allMatch(s -> s.matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"));
    assertThat(streamsByGroup)
        .containsKeys(
            "/ecs/tradai-strategy-service-dev",
            "/ecs/tradai-data-collection-dev",
            "/aws/lambda/tradai-health-check-dev");
  }

  @Test
  void truth_coversEveryDeliveredEventExactlyOnce() {
    Set<String> distinct = traffic.events.stream().map(Event::id).collect(Collectors.toSet());

    assertThat(truth.events().keySet()).isEqualTo(distinct);
    assertThat(truth.counts().events()).isEqualTo(distinct.size());
    assertThat(truth.counts().deliveredEvents()).isEqualTo(traffic.events.size());
    assertThat(truth.counts().duplicateEvents()).isEqualTo(traffic.events.size() - distinct.size());
    assertThat(truth.counts().requests()).isEqualTo(traffic.requests.size());
  }

  @Test
  void duplicateRequests_areTheSameBodyWithTheSameRequestId() {
    Map<String, List<DecodedTraffic.Request>> byId =
        traffic.requests.stream().collect(Collectors.groupingBy(DecodedTraffic.Request::requestId));
    long resent = byId.values().stream().mapToLong(copies -> copies.size() - 1).sum();

    assertThat(resent).isPositive().isEqualTo(truth.counts().duplicateRequests());
    byId.values().stream()
        .filter(copies -> copies.size() > 1)
        .forEach(
            copies ->
                assertThat(copies)
                    .extracting(DecodedTraffic.Request::body)
                    .containsOnly(copies.get(0).body()));
  }

  @Test
  void controlMessages_areMixedInAsFirehoseSendsThem() {
    List<JsonNode> controls =
        traffic.requests.stream()
            .flatMap(r -> r.documents().stream())
            .filter(d -> d.get("messageType").asText().equals("CONTROL_MESSAGE"))
            .toList();

    assertThat(controls).hasSize((int) truth.counts().controlMessages()).isNotEmpty();
    assertThat(controls)
        .allSatisfy(
            c -> {
              assertThat(c.get("owner").asText()).isEqualTo("CloudwatchLogs");
              assertThat(c.get("logGroup").asText()).isEmpty();
              assertThat(c.get("logEvents").get(0).get("id").asText()).isEmpty();
            });
  }

  @Test
  void jobs_haveTheStatusStageAndCategoryOfTheirScenario() {
    Set<String> stages =
        Set.of(
            "submitted",
            "queued",
            "dispatched",
            "task_started",
            "running",
            "results_written",
            "completed");
    for (JobTruth job : truth.jobs().values()) {
      Scenario scenario = scenario(job.scenario());
      assertThat(job.stage()).isIn(stages);
      assertThat(job.category()).isEqualTo(scenario.category().orElse(null));
      assertThat(job.status())
          .isEqualTo(
              switch (scenario) {
                case COMPLETED, LATE_TASK_LINK, RESULTS_UNLOGGED -> "completed";
                case IN_PROGRESS -> "running";
                case NEVER_DISPATCHED, NEVER_STARTED, STUCK_RUNNING -> "stuck";
                default -> "failed";
              });
      assertThat(job.events()).isPositive();
    }
    assertThat(stagesOf(Scenario.COMPLETED)).containsOnly("completed");
    assertThat(stagesOf(Scenario.NEVER_DISPATCHED)).containsOnly("queued");
    assertThat(stagesOf(Scenario.NEVER_STARTED)).containsOnly("dispatched");
    assertThat(stagesOf(Scenario.ACCESS_DENIED)).containsOnly("dispatched");
    assertThat(stagesOf(Scenario.CONTAINER_CRASH)).containsOnly("task_started");
    assertThat(stagesOf(Scenario.STUCK_RUNNING)).containsOnly("running");
    assertThat(stagesOf(Scenario.CONNECTION_REFUSED)).containsOnly("results_written");
    assertThat(stagesOf(Scenario.OOM_KILLED)).containsOnly("running");
    assertThat(stagesOf(Scenario.RESULTS_UNLOGGED)).containsOnly("completed");
    assertThat(stagesOf(Scenario.IMAGE_PULL_ERROR)).containsOnly("task_started");
    assertThat(stagesOf(Scenario.TASK_START_ERROR)).containsOnly("task_started");
  }

  @Test
  void awsEvents_areEventBridgeJsonInTheEventsLogGroup_oneStreamPerEventNamedByItsId() {
    List<Event> awsEvents =
        traffic.events.stream().filter(e -> e.logGroup().equals("/aws/events/tradai-dev")).toList();

    assertThat(awsEvents)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.message())
                  .startsWith("{\"version\":\"0\",\"id\":\"" + e.logStream() + "\"");
              assertThat(e.message())
                  .containsAnyOf(
                      "\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\"",
                      "\"detail-type\":\"Object Created\",\"source\":\"aws.s3\"");
            });
    assertThat(awsEvents)
        .extracting(Event::message)
        .anyMatch(
            m ->
                m.contains("\"lastStatus\":\"STOPPED\"")
                    && m.contains("\"exitCode\":137")
                    && m.contains("OutOfMemoryError: Container killed due to memory usage"));
    assertThat(awsEvents)
        .extracting(Event::message)
        .anyMatch(
            m ->
                m.contains("\"stopCode\":\"TaskFailedToStart\"")
                    && m.contains("CannotPullContainerError"));
    assertThat(awsEvents)
        .extracting(Event::message)
        .anyMatch(m -> m.contains("ResourceInitializationError"));
  }

  @Test
  void silentFailures_sayNothingInAnyLogLine_onlyAwsDoes() {
    for (Scenario scenario :
        List.of(Scenario.OOM_KILLED, Scenario.IMAGE_PULL_ERROR, Scenario.TASK_START_ERROR)) {
      List<Event> lines = eventsOf(jobOf(scenario));
      assertThat(lines)
          .as(scenario.id())
          .filteredOn(e -> !e.logGroup().startsWith("/aws/events/"))
          .noneMatch(
              e ->
                  e.message().contains("OutOfMemory")
                      || e.message().contains("ERROR")
                      || e.message().contains("Error"));
    }
    assertThat(messagesOf(jobOf(Scenario.RESULTS_UNLOGGED)))
        .filteredOn(m -> !m.startsWith("{\"version\""))
        .noneMatch(m -> m.contains("s3://"));
  }

  @Test
  void correlations_areErrorExactlyWhenTheirStoryFailed() {
    for (CorrelationTruth c : truth.correlations().values()) {
      Scenario scenario = scenario(c.scenario());
      boolean fails =
          scenario.category().isPresent()
              && !c.scenario().startsWith("never_")
              && scenario != Scenario.STUCK_RUNNING;
      assertThat(c.status()).as(c.scenario()).isEqualTo(fails ? "error" : "ok");
      assertThat(c.category()).as(c.scenario()).isEqualTo(fails ? scenario.category().get() : null);
    }
  }

  @Test
  void stuckJobs_fellSilentAtLeastTwentyMinutesBeforeNow_runningJobsDidNot() {
    assertThat(truth.jobs().values())
        .filteredOn(j -> j.status().equals("stuck"))
        .isNotEmpty()
        .allSatisfy(j -> assertThat(lastEventOf(j)).isLessThanOrEqualTo(NOW - STUCK_SILENCE_MS));
    assertThat(truth.jobs().values())
        .filteredOn(j -> j.status().equals("running"))
        .isNotEmpty()
        .allSatisfy(j -> assertThat(lastEventOf(j)).isGreaterThan(NOW - 15 * 60_000L));
  }

  @Test
  void accessDenied_onRunTask_isFollowedBySilenceAndNoTask() {
    JobTruth job = jobOf(Scenario.ACCESS_DENIED);

    assertThat(job.ecsTaskId()).isNull();
    assertThat(job.lastEventAt()).isLessThanOrEqualTo(NOW - STUCK_SILENCE_MS);
    assertThat(messagesOf(job))
        .anyMatch(
            m ->
                m.contains("AccessDeniedException")
                    && m.contains("is not authorized to perform: ecs:RunTask")
                    && m.contains("\"level\":\"ERROR\""));
  }

  @Test
  void oomInTask_memoryErrorComesBeforeExitCode137() {
    List<Event> events = eventsOf(jobOf(Scenario.OOM_TASK));
    long memoryError =
        events.stream()
            .filter(e -> e.message().startsWith("MemoryError"))
            .mapToLong(Event::timestamp)
            .min()
            .orElseThrow();
    long exit137 =
        events.stream()
            .filter(e -> e.message().contains("\"exit_code\": 137"))
            .mapToLong(Event::timestamp)
            .min()
            .orElseThrow();

    assertThat(memoryError).isLessThan(exit137);
  }

  @Test
  void strategyError_tracebackArrivesAsOneEventPerLineWithoutPrefix() {
    List<String> messages = messagesOf(jobOf(Scenario.STRATEGY_ERROR));

    assertThat(messages).contains("Traceback (most recent call last):");
    assertThat(messages).anyMatch(m -> m.startsWith("AttributeError: "));
    assertThat(messages)
        .anyMatch(m -> m.matches("  File \".*\", line \\d+, in populate_indicators"));
  }

  @Test
  void lambdaLines_comeInTextAndJsonFormats() {
    List<String> consumer =
        traffic.events.stream()
            .filter(e -> e.logGroup().startsWith("/aws/lambda/"))
            .map(Event::message)
            .toList();

    assertThat(consumer)
        .anyMatch(m -> m.startsWith("START RequestId: ") && m.endsWith(" Version: $LATEST\n"));
    assertThat(consumer).anyMatch(m -> m.startsWith("END RequestId: "));
    assertThat(consumer)
        .anyMatch(m -> m.startsWith("REPORT RequestId: ") && m.contains("\tInit Duration: "));
    assertThat(consumer).anyMatch(m -> m.startsWith("INIT_START Runtime Version: "));
    assertThat(consumer).anyMatch(m -> m.matches("(?s)\\[INFO]\t\\S+Z\t[0-9a-f-]{36}\t.*\n"));
    assertThat(consumer)
        .anyMatch(
            m -> m.matches("(?s)\\S+Z [0-9a-f-]{36} Task timed out after \\d+\\.\\d\\d seconds\n"));
    assertThat(consumer).anyMatch(m -> m.contains("\tStatus: timeout"));
    assertThat(consumer).anyMatch(m -> m.contains("\"type\":\"platform.start\""));
    assertThat(consumer).anyMatch(m -> m.contains("\"type\":\"platform.initStart\""));
    assertThat(consumer)
        .anyMatch(
            m ->
                m.contains("\"type\":\"platform.report\"")
                    && m.contains("\"errorType\":\"Runtime.OutOfMemory\""));
    assertThat(consumer)
        .anyMatch(
            m -> m.startsWith("{\"timestamp\"") && m.contains("\"message\":\"{\\\"event\\\""));
  }

  @Test
  void someEvents_belongToTimelinesOnlyThroughTheirInvocationOrTaskStream() {
    Map<String, Event> byId =
        traffic.events.stream()
            .collect(Collectors.toMap(Event::id, Function.identity(), (a, b) -> a));
    List<Map.Entry<String, GroundTruth.EventTruth>> viaInvocation =
        truth.events().entrySet().stream()
            .filter(e -> e.getValue().link() == Link.Via.LAMBDA_INVOCATION)
            .toList();
    List<Map.Entry<String, GroundTruth.EventTruth>> viaTask =
        truth.events().entrySet().stream()
            .filter(e -> e.getValue().link() == Link.Via.ECS_TASK)
            .toList();

    assertThat(viaInvocation)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.getValue().jobIds()).isNotEmpty();
              assertThat(byId.get(e.getKey()).message())
                  .doesNotContain(e.getValue().jobIds().get(0));
            });
    assertThat(viaInvocation)
        .anyMatch(e -> byId.get(e.getKey()).message().startsWith("REPORT RequestId"));
    assertThat(viaInvocation)
        .anyMatch(e -> byId.get(e.getKey()).message().equals("Received 1 SQS record(s)\n"));
    assertThat(viaTask)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(byId.get(e.getKey()).logGroup())
                  .isIn("/ecs/tradai-strategy-dev", "/aws/events/tradai-dev");
              assertThat(e.getValue().correlationIds()).isNotEmpty();
            });
    assertThat(truth.events().values()).anyMatch(e -> e.link() == Link.Via.NONE);
  }

  @Test
  void lateTaskLink_taskStreamIsDeliveredBeforeTheLinesNamingItsArn() {
    JobTruth job = jobOf(Scenario.LATE_TASK_LINK);
    String arnSuffix = ":task/tradai-dev/" + job.ecsTaskId();
    int firstTaskBatch =
        traffic.events.stream()
            .filter(e -> e.logStream().endsWith(job.ecsTaskId()))
            .mapToInt(Event::request)
            .min()
            .orElseThrow();
    String jobId = jobIdOf(job);
    int firstArnLine =
        traffic.events.stream()
            .filter(e -> e.message().contains(arnSuffix) && e.message().contains(jobId))
            .mapToInt(Event::request)
            .min()
            .orElseThrow();

    assertThat(firstTaskBatch).isLessThan(firstArnLine);
    assertThat(truth.events().get(idOfFirstFreqtradeLine(job)).correlationIds())
        .containsExactly(job.correlationId());
  }

  @Test
  void requestChains_crossBackendStrategyServiceAndDataCollection() {
    String ok =
        truth.correlations().entrySet().stream()
            .filter(e -> e.getValue().scenario().equals("request_ok"))
            .findFirst()
            .orElseThrow()
            .getKey();
    Set<String> groups =
        traffic.events.stream()
            .filter(e -> truth.events().get(e.id()).correlationIds().contains(ok))
            .map(Event::logGroup)
            .collect(Collectors.toSet());

    assertThat(groups)
        .containsExactlyInAnyOrder(
            "/ecs/tradai-backend-dev",
            "/ecs/tradai-strategy-service-dev",
            "/ecs/tradai-data-collection-dev");
  }

  @Test
  void eventIds_areCloudWatchShapedAndDeliveredOnceOutsideReSentRequests() {
    Map<String, Integer> firstSending = new HashMap<>();
    traffic.requests.forEach(r -> firstSending.putIfAbsent(r.requestId(), r.index()));
    Set<Integer> originals = new HashSet<>(firstSending.values());
    List<String> ids =
        traffic.events.stream()
            .filter(e -> originals.contains(e.request()))
            .map(Event::id)
            .toList();

    assertThat(ids).allMatch(id -> id.matches("\\d{56}"));
    assertThat(ids).doesNotHaveDuplicates().hasSize((int) truth.counts().events());
  }

  @Test
  void write_producesOneRequestPerLineAndTheTruthBesideIt(@TempDir Path dir) throws Exception {
    Path ndjson = dir.resolve("traffic.ndjson");
    Path truthFile = dir.resolve("truth.json");

    GroundTruth written = new TrafficSimulator(SETTINGS).write(ndjson, truthFile);

    List<String> lines = Files.readAllLines(ndjson);
    assertThat(lines).hasSize(simulation.requests().size());
    assertThat(lines.get(0)).isEqualTo(simulation.requests().get(0).toJson());
    assertThat(GroundTruth.read(truthFile)).isEqualTo(written).isEqualTo(truth);
  }

  @Test
  void requests_streamLazilyTheSameRequestsAsGenerate() {
    Iterator<FirehoseRequest> lazy = new TrafficSimulator(SETTINGS).requests();
    for (FirehoseRequest expected : simulation.requests()) {
      assertThat(lazy.next()).isEqualTo(expected);
    }
    assertThat(lazy.hasNext()).isFalse();
  }

  @Test
  void scaledTo_reachesAboutTheRequestedNumberOfEvents() {
    SimulationSettings scaled = TrafficSimulator.scaledTo(SimulationSettings.defaults(NOW), 6_000);
    long events = 0;
    for (Iterator<FirehoseRequest> it = new TrafficSimulator(scaled).requests(); it.hasNext(); ) {
      events +=
          DecodedTraffic.decode(0, it.next().toJson()).documents().stream()
              .mapToLong(d -> d.get("logEvents").size())
              .sum();
    }

    assertThat(events).isBetween(4_500L, 8_000L);
  }

  @Test
  void settings_outOfRange_nameTheOffendingKey() {
    assertThatThrownBy(() -> SimulationSettings.defaults(NOW).withEnv("Prod!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("env=Prod!");
    assertThatThrownBy(() -> SimulationSettings.defaults(NOW).withTime(NOW, 30))
        .hasMessageContaining("spanMinutes=30");
    assertThatThrownBy(() -> SimulationSettings.defaults(NOW).withNoise(0.5, 1.5, 0))
        .hasMessageContaining("duplicateRate=1.5");
  }

  private static Scenario scenario(String id) {
    return Scenario.valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }

  private static JobTruth jobOf(Scenario scenario) {
    return truth.jobs().values().stream()
        .filter(j -> j.scenario().equals(scenario.id()))
        .findFirst()
        .orElseThrow();
  }

  private static Set<String> stagesOf(Scenario scenario) {
    return truth.jobs().values().stream()
        .filter(j -> j.scenario().equals(scenario.id()))
        .map(JobTruth::stage)
        .collect(Collectors.toSet());
  }

  private static String jobIdOf(JobTruth job) {
    return truth.jobs().entrySet().stream()
        .filter(e -> e.getValue() == job)
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  private static List<Event> eventsOf(JobTruth job) {
    String jobId = jobIdOf(job);
    return traffic.events.stream()
        .filter(e -> truth.events().get(e.id()).jobIds().contains(jobId))
        .distinct()
        .toList();
  }

  private static List<String> messagesOf(JobTruth job) {
    return eventsOf(job).stream().map(Event::message).toList();
  }

  private static long lastEventOf(JobTruth job) {
    long last = eventsOf(job).stream().mapToLong(Event::timestamp).max().orElseThrow();
    assertThat(last).isEqualTo(job.lastEventAt());
    return last;
  }

  private static String idOfFirstFreqtradeLine(JobTruth job) {
    return traffic.events.stream()
        .filter(
            e -> e.logStream().endsWith(job.ecsTaskId()) && e.message().contains(" - freqtrade"))
        .min(java.util.Comparator.comparingLong(Event::timestamp))
        .orElseThrow()
        .id();
  }
}
