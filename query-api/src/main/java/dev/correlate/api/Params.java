package dev.correlate.api;

import dev.correlate.core.config.Durations;
import dev.correlate.core.filter.FilterPattern;
import dev.correlate.core.filter.FilterPatternException;
import dev.correlate.core.filter.FilterPatterns;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.TimelineId;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, validated request parameters. Every value that reaches storage passes through here: ids
 * must match {@link TimelineId#ID_PATTERN}, names a conservative character set, numbers their
 * ranges, times their formats. A bad value is a 400 naming the parameter.
 */
final class Params {
  /** Service names and similar tokens. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  /** CloudWatch log group names: letters, digits, {@code _ - / . #}. */
  private static final Pattern LOG_GROUP = Pattern.compile("[A-Za-z0-9_/.#-]{1,512}");

  private static final int MAX_SERVICES = 20;

  private final Context ctx;
  private final Clock clock;

  Params(Context ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  /**
   * Refuses a request with a query parameter not in {@code known}, or with one given more than
   * once.
   *
   * @throws ApiException (400) naming the first such parameter and what the endpoint reads
   */
  static void requireOnly(Context ctx, List<String> known) {
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (!known.contains(param.getKey())) {
        throw ApiException.badParameter(
            param.getKey(),
            "is not known here; this endpoint reads "
                + (known.isEmpty() ? "no parameters" : String.join(", ", known)));
      }
      if (param.getValue().size() > 1) {
        throw ApiException.badParameter(
            param.getKey(), "is given " + param.getValue().size() + " times; give it once");
      }
    }
  }

  String id(String name) {
    String value = ctx.pathParam(name);
    if (!TimelineId.isValidId(value)) {
      throw ApiException.badParameter(name, "must be 1-128 characters from [A-Za-z0-9._:-]");
    }
    return value;
  }

  int limit(int defaultLimit, int max) {
    String raw = ctx.queryParam("limit");
    if (raw == null || raw.isEmpty()) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException notANumber) {
      // falls through to the same message as an out-of-range number
    }
    throw ApiException.badParameter("limit", "must be an integer from 1 to " + max);
  }

  /** A single name ({@code service=backend}); null when absent. */
  String name(String param) {
    return matching(param, NAME, "must be 1-128 characters from [A-Za-z0-9._:@-]");
  }

  String logGroup(String param) {
    return matching(
        param, LOG_GROUP, "must be a log group name (1-512 characters from [A-Za-z0-9_/.#-])");
  }

  /** A comma-separated list of names ({@code service=backend,strategy}); empty when absent. */
  Set<String> names(String param) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>(Arrays.asList(raw.split(",", -1)));
    if (names.size() > MAX_SERVICES || names.stream().anyMatch(n -> !NAME.matcher(n).matches())) {
      throw ApiException.badParameter(
          param, "must be up to " + MAX_SERVICES + " comma-separated names of [A-Za-z0-9._:@-]");
    }
    return names;
  }

  /** One of {@code allowed}, lower-cased; null when absent. */
  String oneOf(String param, Set<String> allowed) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String value = raw.toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      throw ApiException.badParameter(
          param, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return value;
  }

  Level level(String param) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    return Level.fromWord(raw.length() <= 16 ? raw : "")
        .orElseThrow(
            () ->
                ApiException.badParameter(
                    param, "must be a level: trace, debug, info, warn, error, fatal"));
  }

  /**
   * A time: ISO-8601 ({@code 2026-11-27T10:00:00Z}), epoch milliseconds, or a duration before now
   * ({@code 15m}, {@code 1h}, {@code 7d}); null when absent.
   */
  Long time(String param) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() <= 13 && raw.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(raw);
    }
    try {
      return Instant.parse(raw).toEpochMilli();
    } catch (DateTimeParseException notIso) {
      // a duration before now, read as configuration reads durations
    }
    try {
      return clock.millis() - Durations.parse(raw).toMillis();
    } catch (IllegalArgumentException | ArithmeticException notADuration) {
      throw ApiException.badParameter(
          param,
          "must be an ISO-8601 instant (2026-11-27T10:00:00Z), epoch milliseconds, or a duration ago (15m, 1h, 7d)");
    }
  }

  /** A CloudWatch filter pattern; {@link FilterPattern.MatchAll} when absent. */
  FilterPattern pattern(String param) {
    try {
      return FilterPatterns.parse(ctx.queryParam(param));
    } catch (FilterPatternException e) {
      throw ApiException.badParameter(param, "is not a valid filter pattern: " + e.getMessage());
    }
  }

  String raw(String param) {
    return ctx.queryParam(param);
  }

  private String matching(String param, Pattern pattern, String rule) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (!pattern.matcher(raw).matches()) {
      throw ApiException.badParameter(param, rule);
    }
    return raw;
  }
}
