package dev.correlate.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Names of Correlate's indices. Events go to one index per UTC day of their event time ({@code
 * <prefix>-events-YYYY.MM.DD}), so a replayed event always lands in the same index and overwrites
 * itself; all of them are searchable through the alias {@code <prefix>-events}. Timeline summaries
 * live in one index {@code <prefix>-timelines}.
 *
 * @param prefix the common prefix, for example {@code correlate}
 */
public record Indices(String prefix) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

  public Indices {
    Objects.requireNonNull(prefix, "prefix");
  }

  public static Indices withPrefix(String prefix) {
    return new Indices(prefix);
  }

  /** The alias over every daily events index. */
  public String eventsAlias() {
    return prefix + "-events";
  }

  /** The pattern matching every daily events index. */
  public String eventsPattern() {
    return prefix + "-events-*";
  }

  /** The daily index of an event that happened at {@code epochMs}. */
  public String eventsIndex(long epochMs) {
    return eventsIndex(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate());
  }

  public String eventsIndex(LocalDate day) {
    return prefix + "-events-" + DAY.format(day);
  }

  /** The day an events index holds, when {@code index} is one of ours. */
  public Optional<LocalDate> dayOf(String index) {
    String head = prefix + "-events-";
    if (index == null || !index.startsWith(head)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(index.substring(head.length()), DAY));
    } catch (DateTimeParseException notOurs) {
      return Optional.empty();
    }
  }

  /** The timelines index. */
  public String timelines() {
    return prefix + "-timelines";
  }

  /** Name of the index template of the events indices. */
  public String eventsTemplate() {
    return prefix + "-events";
  }

  /** Name of the index template of the timelines index. */
  public String timelinesTemplate() {
    return prefix + "-timelines";
  }
}
