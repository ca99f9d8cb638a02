package dev.correlate.core.model;

import java.util.Locale;
import java.util.Optional;

/** Severity normalized across Python, structlog, Lambda and Java level words. */
public enum Level {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  FATAL;

  /** Whether an event at this level counts as an error in summaries and diagnosis. */
  public boolean isError() {
    return this == ERROR || this == FATAL;
  }

  /** Maps the common level words ({@code warning}, {@code err}, {@code critical}, …) to a level. */
  public static Optional<Level> fromWord(String word) {
    if (word == null) {
      return Optional.empty();
    }
    switch (word.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE":
      case "FINEST":
      case "FINER":
        return Optional.of(TRACE);
      case "DEBUG":
      case "FINE":
      case "CONFIG":
        return Optional.of(DEBUG);
      case "INFO":
      case "INFORMATION":
      case "NOTICE":
        return Optional.of(INFO);
      case "WARN":
      case "WARNING":
        return Optional.of(WARN);
      case "ERROR":
      case "ERR":
      case "SEVERE":
      case "EXCEPTION":
        return Optional.of(ERROR);
      case "FATAL":
      case "CRITICAL":
      case "CRIT":
      case "EMERG":
      case "ALERT":
      case "PANIC":
        return Optional.of(FATAL);
      default:
        return Optional.empty();
    }
  }
}
