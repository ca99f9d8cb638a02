package dev.correlate.ingest.aws;

import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.json.Json;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.ingest.Intake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Copies past CloudWatch Logs events into the raw topic with {@code FilterLogEvents}: every page
 * until the token is null (partial and empty pages do not end a scan), rate limited and retried by
 * {@link AwsCalls}. Each page is written and acknowledged before the checkpoint file records the
 * next token, so a crashed run resumes at the first page not known to be in Kafka; a page may be
 * written twice, and overlapping windows repeat events, both removed downstream by event id. The
 * checkpoint is deleted when the backfill completes.
 */
public final class Backfill {
  /** Takes a page of events and returns once Kafka acknowledged them all; throws otherwise. */
  @FunctionalInterface
  public interface Sink {
    void write(List<RawLogEvent> events);
  }

  /**
   * What to copy.
   *
   * @param logGroups explicit log group names (may be empty when a prefix is given)
   * @param logGroupPrefix every log group whose name starts with this, when present
   * @param start inclusive start of the window, on event time
   * @param end exclusive end of the window, on event time
   * @param filterPattern optional CloudWatch filter pattern
   * @param checkpoint file recording progress, read on start when it belongs to the same backfill
   */
  public record Request(
      List<String> logGroups,
      Optional<String> logGroupPrefix,
      Instant start,
      Instant end,
      Optional<String> filterPattern,
      Path checkpoint) {
    public Request {
      logGroups = List.copyOf(logGroups);
      Objects.requireNonNull(logGroupPrefix, "logGroupPrefix");
      Objects.requireNonNull(filterPattern, "filterPattern");
      Objects.requireNonNull(checkpoint, "checkpoint");
      if (logGroups.isEmpty() && logGroupPrefix.isEmpty()) {
        throw new IllegalArgumentException("name log groups or a log group prefix");
      }
      if (!start.isBefore(end)) {
        throw new IllegalArgumentException("start " + start + " is not before end " + end);
      }
    }

    /** Identifies the backfill, so that a checkpoint of another one is never resumed by mistake. */
    String fingerprint() {
      String text =
          String.join(
              "\n",
              String.join(",", logGroups),
              logGroupPrefix.orElse(""),
              Long.toString(start.toEpochMilli()),
              Long.toString(end.toEpochMilli()),
              filterPattern.orElse(""));
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * What a run did.
   *
   * @param logGroups log groups completed (including those a resumed run found done)
   * @param pages pages read in this run
   * @param events events written in this run
   * @param resumed whether it continued from a checkpoint
   */
  public record Result(int logGroups, long pages, long events, boolean resumed) {}

  /** Progress on disk: groups done, and where the current one stands. */
  record Checkpoint(String fingerprint, List<String> done, String group, String nextToken) {}

  private final CloudWatchLogsClient client;
  private final AwsCalls calls;
  private final Sink sink;
  private final Clock clock;
  private final Consumer<String> progress;

  /** {@code progress} receives one line per log group (and per resumption), for the operator. */
  public Backfill(
      CloudWatchLogsClient client,
      AwsCalls calls,
      Sink sink,
      Clock clock,
      Consumer<String> progress) {
    this.client = client;
    this.calls = calls;
    this.sink = sink;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * A sink writing through {@code intake} as {@link RawLogEvent.Intake#BACKFILL}, one batch per
   * page.
   */
  public static Sink sinkTo(Intake intake, Clock clock) {
    String run = "backfill-" + UUID.randomUUID();
    return events -> {
      Intake.Batch batch =
          intake.begin(Provenance.of(RawLogEvent.Intake.BACKFILL, clock.millis()), run);
      batch.addEvents(events);
      batch.await();
    };
  }

  public Result run(Request request) {
    Optional<Checkpoint> saved = read(request.checkpoint());
    String fingerprint = request.fingerprint();
    if (saved.isPresent() && !saved.get().fingerprint().equals(fingerprint)) {
      throw new IllegalStateException(
          "checkpoint "
              + request.checkpoint()
              + " belongs to another backfill; delete it or choose another checkpoint file");
    }
    Set<String> done = new LinkedHashSet<>(saved.map(Checkpoint::done).orElse(List.of()));
    List<LogGroups.Group> groups = resolve(request);
    long pages = 0;
    long events = 0;
    for (LogGroups.Group group : groups) {
      if (done.contains(group.name())) {
        continue;
      }
      String token =
          saved.filter(c -> group.name().equals(c.group())).map(Checkpoint::nextToken).orElse(null);
      if (token != null) {
        progress.accept(group.name() + ": resuming from the checkpoint");
      }
      long groupEvents = 0;
      do {
        FilterLogEventsRequest page =
            FilterLogEventsRequest.builder()
                .logGroupName(group.name())
                .startTime(request.start().toEpochMilli())
                .endTime(request.end().toEpochMilli() - 1)
                .filterPattern(request.filterPattern().orElse(null))
                .limit(10_000)
                .nextToken(token)
                .build();
        FilterLogEventsResponse response =
            calls.call("FilterLogEvents", () -> client.filterLogEvents(page));
        pages++;
        List<RawLogEvent> batch = new ArrayList<>(response.events().size());
        long now = clock.millis();
        for (FilteredLogEvent e : response.events()) {
          batch.add(
              new RawLogEvent(
                  group.account(),
                  group.name(),
                  e.logStreamName(),
                  List.of(),
                  null,
                  Map.of(),
                  e.eventId(),
                  e.timestamp(),
                  e.message(),
                  now,
                  RawLogEvent.Intake.BACKFILL,
                  null,
                  Map.of()));
        }
        if (!batch.isEmpty()) {
          sink.write(batch);
        }
        groupEvents += batch.size();
        token = response.nextToken();
        write(
            request.checkpoint(),
            new Checkpoint(fingerprint, List.copyOf(done), group.name(), token));
      } while (token != null);
      done.add(group.name());
      write(request.checkpoint(), new Checkpoint(fingerprint, List.copyOf(done), null, null));
      events += groupEvents;
      progress.accept(group.name() + ": " + groupEvents + " events");
    }
    delete(request.checkpoint());
    return new Result(groups.size(), pages, events, saved.isPresent());
  }

  private List<LogGroups.Group> resolve(Request request) {
    List<LogGroups.Group> groups = new ArrayList<>();
    for (String name : request.logGroups()) {
      // Looked up rather than trusted: it validates the name and gives the owning account.
      groups.add(
          LogGroups.withPrefix(client, calls, name).stream()
              .filter(g -> g.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("log group not found: " + name)));
    }
    request
        .logGroupPrefix()
        .ifPresent(
            prefix ->
                LogGroups.withPrefix(client, calls, prefix).stream()
                    .filter(g -> groups.stream().noneMatch(x -> x.name().equals(g.name())))
                    .forEach(groups::add));
    return groups;
  }

  private static Optional<Checkpoint> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readAllBytes(file), Checkpoint.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file, e);
    }
  }

  /**
   * Written to a sibling and moved into place, so a crash mid-write leaves the previous checkpoint
   * whole.
   */
  private static void write(Path file, Checkpoint checkpoint) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.write(tmp, Json.write(checkpoint));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete checkpoint " + file, e);
    }
  }
}
