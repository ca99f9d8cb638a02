package dev.correlate.simulator;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What the traffic simulator generates. Every default is documented in docs/operations.md ("Traffic
 * simulator").
 *
 * @param seed the random seed; the same settings give byte-identical output
 * @param jobsPerScenario backtest jobs per job scenario (default 1); the scale knob, with {@code
 *     plainRequests}
 * @param plainRequests request chains backend → strategy-service → data-collection (default 12);
 *     every tenth fails in one of three ways (connection refused, 503, timeout), the rest succeed
 * @param healthCheckRate health-check Lambda invocations per job or request story (default 0.5)
 * @param duplicateRate share of Firehose requests re-sent with the same request id (default 0.05)
 * @param controlMessageRate share of Firehose requests carrying a CONTROL_MESSAGE record (default
 *     0.05)
 * @param env TradAI environment in log group names (default {@code dev})
 * @param now epoch ms every timestamp is anchored to: nothing happens after it (default: the wall
 *     clock when the settings are made)
 * @param spanMinutes how far back before {@code now} the traffic starts (default 120, at least 60)
 * @param batchSize the most log events in one subscription batch (default 50)
 * @param recordsPerRequest the most subscription records in one Firehose request (default 20)
 * @param account the 12-digit account owning the log groups (default {@code 123456789012})
 * @param region the AWS region in ARNs (default {@code eu-central-1})
 */
public record SimulationSettings(
    long seed,
    int jobsPerScenario,
    int plainRequests,
    double healthCheckRate,
    double duplicateRate,
    double controlMessageRate,
    String env,
    long now,
    int spanMinutes,
    int batchSize,
    int recordsPerRequest,
    String account,
    String region) {
  private static final Pattern ENV = Pattern.compile("[a-z0-9]{1,20}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  public SimulationSettings {
    require(jobsPerScenario >= 0, "jobsPerScenario", jobsPerScenario, "must be >= 0");
    require(plainRequests >= 0, "plainRequests", plainRequests, "must be >= 0");
    require(
        healthCheckRate >= 0 && healthCheckRate <= 10,
        "healthCheckRate",
        healthCheckRate,
        "must be in [0, 10]");
    require(
        duplicateRate >= 0 && duplicateRate <= 1,
        "duplicateRate",
        duplicateRate,
        "must be in [0, 1]");
    require(
        controlMessageRate >= 0 && controlMessageRate <= 1,
        "controlMessageRate",
        controlMessageRate,
        "must be in [0, 1]");
    require(env != null && ENV.matcher(env).matches(), "env", env, "must match " + ENV);
    require(now > 0, "now", now, "must be epoch milliseconds");
    require(
        spanMinutes >= 60 && spanMinutes <= 7 * 24 * 60,
        "spanMinutes",
        spanMinutes,
        "must be in [60, 10080] (stuck jobs need 20 silent minutes before now)");
    require(batchSize >= 1 && batchSize <= 10_000, "batchSize", batchSize, "must be in [1, 10000]");
    require(
        recordsPerRequest >= 1 && recordsPerRequest <= 10_000,
        "recordsPerRequest",
        recordsPerRequest,
        "must be in [1, 10000]");
    require(
        account != null && ACCOUNT.matcher(account).matches(),
        "account",
        account,
        "must be 12 digits");
    require(
        region != null && REGION.matcher(region).matches(),
        "region",
        region,
        "must look like eu-central-1");
  }

  /** The defaults, anchored to the wall clock now. */
  public static SimulationSettings defaults() {
    return defaults(Instant.now().toEpochMilli());
  }

  /** The defaults, anchored to {@code now} (epoch ms). */
  public static SimulationSettings defaults(long now) {
    return new SimulationSettings(
        42L, 1, 12, 0.5, 0.05, 0.05, "dev", now, 120, 50, 20, "123456789012", "eu-central-1");
  }

  /** Backtest jobs in total: one per job scenario, {@code jobsPerScenario} times. */
  public int totalJobs() {
    return jobsPerScenario * Scenario.ofKind(Scenario.Kind.JOB).size();
  }

  public SimulationSettings withSeed(long value) {
    return new SimulationSettings(
        value,
        jobsPerScenario,
        plainRequests,
        healthCheckRate,
        duplicateRate,
        controlMessageRate,
        env,
        now,
        spanMinutes,
        batchSize,
        recordsPerRequest,
        account,
        region);
  }

  public SimulationSettings withVolume(int jobsPerScenarioValue, int plainRequestsValue) {
    return new SimulationSettings(
        seed,
        jobsPerScenarioValue,
        plainRequestsValue,
        healthCheckRate,
        duplicateRate,
        controlMessageRate,
        env,
        now,
        spanMinutes,
        batchSize,
        recordsPerRequest,
        account,
        region);
  }

  public SimulationSettings withNoise(
      double healthCheckRateValue, double duplicateRateValue, double controlMessageRateValue) {
    return new SimulationSettings(
        seed,
        jobsPerScenario,
        plainRequests,
        healthCheckRateValue,
        duplicateRateValue,
        controlMessageRateValue,
        env,
        now,
        spanMinutes,
        batchSize,
        recordsPerRequest,
        account,
        region);
  }

  public SimulationSettings withEnv(String value) {
    return new SimulationSettings(
        seed,
        jobsPerScenario,
        plainRequests,
        healthCheckRate,
        duplicateRate,
        controlMessageRate,
        value,
        now,
        spanMinutes,
        batchSize,
        recordsPerRequest,
        account,
        region);
  }

  public SimulationSettings withTime(long nowValue, int spanMinutesValue) {
    return new SimulationSettings(
        seed,
        jobsPerScenario,
        plainRequests,
        healthCheckRate,
        duplicateRate,
        controlMessageRate,
        env,
        nowValue,
        spanMinutesValue,
        batchSize,
        recordsPerRequest,
        account,
        region);
  }

  public SimulationSettings withBatching(int batchSizeValue, int recordsPerRequestValue) {
    return new SimulationSettings(
        seed,
        jobsPerScenario,
        plainRequests,
        healthCheckRate,
        duplicateRate,
        controlMessageRate,
        env,
        now,
        spanMinutes,
        batchSizeValue,
        recordsPerRequestValue,
        account,
        region);
  }

  public SimulationSettings withAccount(String accountValue, String regionValue) {
    return new SimulationSettings(
        seed,
        jobsPerScenario,
        plainRequests,
        healthCheckRate,
        duplicateRate,
        controlMessageRate,
        env,
        now,
        spanMinutes,
        batchSize,
        recordsPerRequest,
        accountValue,
        regionValue);
  }

  private static void require(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("simulation setting " + key + "=" + value + " " + rule);
    }
  }
}
