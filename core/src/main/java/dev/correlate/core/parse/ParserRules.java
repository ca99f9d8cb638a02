package dev.correlate.core.parse;

import dev.correlate.core.model.Level;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the parser knows of an estate's naming: how log groups map to services, environments and
 * source kinds, what log stream names look like, which keys and tokens are correlation and job ids,
 * the level words, the JSON keys of message, level, time and logger, the job status words, and the
 * bounds on work per event.
 *
 * <p>TradAI's defaults ship as the resource {@code correlate/parser-rules.yaml}; {@link
 * #load(Path)} reads an override file whose keys replace the defaults one by one. Every rule is
 * validated when loaded: a bad value fails with an {@link IllegalArgumentException} that names its
 * key.
 *
 * @param logGroups log group rules, first match wins
 * @param lambdaStream a Lambda execution environment's log stream name
 * @param ecsStream an ECS awslogs log stream name; captures {@code task} and maybe {@code
 *     container}
 * @param correlation how correlation ids are found
 * @param job how job ids are found
 * @param lambdaRequestIdKeys structured keys carrying the Lambda request id (Lambda sources only)
 * @param maxIdsPerEvent most correlation ids and most job ids kept per event
 * @param levelWords level words, upper case, to levels
 * @param json where JSON lines keep their message, level, time and logger
 * @param statusWords job status words, upper case
 * @param limits bounds on work and output per event
 * @param awsEvents which parts of EventBridge events name ids
 */
public record ParserRules(
    List<LogGroupRule> logGroups,
    Pattern lambdaStream,
    Pattern ecsStream,
    IdRule correlation,
    IdRule job,
    List<String> lambdaRequestIdKeys,
    int maxIdsPerEvent,
    Map<String, Level> levelWords,
    JsonKeys json,
    Set<String> statusWords,
    Limits limits,
    AwsEvents awsEvents) {

  static final String DEFAULTS_RESOURCE = "/correlate/parser-rules.yaml";

  public ParserRules {
    logGroups = List.copyOf(logGroups);
    Objects.requireNonNull(lambdaStream, "lambdaStream");
    Objects.requireNonNull(ecsStream, "ecsStream");
    Objects.requireNonNull(correlation, "correlation");
    Objects.requireNonNull(job, "job");
    lambdaRequestIdKeys = List.copyOf(lambdaRequestIdKeys);
    levelWords = Map.copyOf(levelWords);
    Objects.requireNonNull(json, "json");
    statusWords = Set.copyOf(statusWords);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(awsEvents, "awsEvents");
  }

  /**
   * Maps log groups matching {@code pattern} to a service (the fixed {@code service} name when
   * given, else the named group {@code service}, else the log group), an environment (the named
   * group {@code env}, else none) and a source kind.
   */
  public record LogGroupRule(Pattern pattern, SourceKind kind, String service) {
    public LogGroupRule {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * Which parts of EventBridge events name ids.
   *
   * @param jobIdEnv names of container override environment variables whose value is a job id
   * @param correlationIdEnv names of container override environment variables whose value is a
   *     correlation id
   * @param startedByJob an ECS task's {@code startedBy} names a job when this matches (find); the
   *     named group {@code job} is the id
   * @param s3KeyJob an S3 object key names a job when this matches (find); the named group {@code
   *     job} is the id
   */
  public record AwsEvents(
      Set<String> jobIdEnv, Set<String> correlationIdEnv, Pattern startedByJob, Pattern s3KeyJob) {
    public AwsEvents {
      jobIdEnv = Set.copyOf(jobIdEnv);
      correlationIdEnv = Set.copyOf(correlationIdEnv);
      Objects.requireNonNull(startedByJob, "startedByJob");
      Objects.requireNonNull(s3KeyJob, "s3KeyJob");
    }
  }

  /**
   * How one kind of id is found.
   *
   * @param jsonKeys structured field names (last segment, lower case) whose values are ids
   * @param textKeys names of {@code key=value} / {@code key: value} forms in text
   * @param pattern what a valid id looks like, matched entirely
   * @param bare tokens that are ids wherever they appear
   */
  public record IdRule(
      Set<String> jsonKeys, List<String> textKeys, Pattern pattern, List<Pattern> bare) {
    public IdRule {
      jsonKeys = Set.copyOf(jsonKeys);
      textKeys = List.copyOf(textKeys);
      Objects.requireNonNull(pattern, "pattern");
      bare = List.copyOf(bare);
    }
  }

  /** Top-level keys of JSON lines, in order of preference. */
  public record JsonKeys(
      List<String> message, List<String> level, List<String> timestamp, List<String> logger) {
    public JsonKeys {
      message = List.copyOf(message);
      level = List.copyOf(level);
      timestamp = List.copyOf(timestamp);
      logger = List.copyOf(logger);
    }
  }

  /**
   * Bounds on the work and the output per event.
   *
   * @param maxFields structured fields kept
   * @param maxKeyChars longest field name kept
   * @param maxValueChars longest field value kept
   * @param maxDepth deepest object flattened; deeper ones are kept as JSON text
   * @param maxMessageChars longest message kept
   * @param maxScanChars characters of a line searched for ids, ARNs, S3 paths and errors
   */
  public record Limits(
      int maxFields,
      int maxKeyChars,
      int maxValueChars,
      int maxDepth,
      int maxMessageChars,
      int maxScanChars) {}

  /** The level a level word means, ignoring case. */
  public Optional<Level> level(String word) {
    if (word == null || word.isEmpty() || word.length() > 16) {
      return Optional.empty();
    }
    return Optional.ofNullable(levelWords.get(ParseText.upper(word)));
  }

  /** TradAI's defaults, from the shipped {@code correlate/parser-rules.yaml}. */
  public static ParserRules defaults() {
    return Defaults.RULES;
  }

  /**
   * Reads an override file: its keys replace the defaults one by one (a list replaces the whole
   * list).
   *
   * @throws IllegalArgumentException naming the offending key when a rule is invalid or unknown
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ParserRules load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parser rules " + file, e);
    }
  }

  /** Reads override rules from {@code yaml}; see {@link #load(Path)}. */
  public static ParserRules load(InputStream yaml) {
    return RulesReader.read(RulesReader.defaultsTree(), yaml);
  }

  private static final class Defaults {
    static final ParserRules RULES = RulesReader.read(RulesReader.defaultsTree(), null);
  }
}
