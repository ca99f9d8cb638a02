package dev.correlate.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Names of Correlate's indices. Events go to one index per UTC day of their event time ({@code
 * <prefix>-events-YYYY.MM.DD}), so a replayed event always lands in the same index and overwrites
 * itself; all of them are searchable through the alias {@code <prefix>-events}. Timeline summaries
 * live in one index per period, {@code <prefix>-timelines-YYYY.MM.DD} (or {@code -YYYY.MM.DD-HH}
 * for a period that does not start at midnight UTC): a timeline's home, the period it was created
 * in ({@link dev.correlate.core.model.TimelineSummary#home()}); a timeline from before homes
 * existed lives in {@code <prefix>-timelines-legacy}. All of them are searchable through the alias
 * {@code <prefix>-timelines}.
 *
 * @param prefix the common prefix, for example {@code correlate}
 */
public record Indices(String prefix) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy.MM.dd-HH");
  private static final String LEGACY = "legacy";

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

  /**
   * The alias over every timelines index: searched by listings, counts and the timeline page.
   * Neither written to nor read by id (an alias over several indices refuses single-index
   * operations): writes go to a timeline's home, reads by id to every home ({@link
   * #timelinesPattern()}).
   */
  public String timelines() {
    return prefix + "-timelines";
  }

  /** The pattern matching every timelines index (homes and the legacy index). */
  public String timelinesPattern() {
    return prefix + "-timelines-*";
  }

  /**
   * The timelines index of the home starting at {@code home} (epoch ms, a whole hour): named by its
   * UTC date when it starts at midnight, by date and hour otherwise; 0 is the legacy index.
   */
  public String timelinesHome(long home) {
    if (home == 0) {
      return timelinesLegacy();
    }
    if (home < 0 || home % 3_600_000 != 0) {
      throw new IllegalArgumentException("a home starts at a whole hour after the epoch: " + home);
    }
    LocalDateTime start = LocalDateTime.ofEpochSecond(home / 1000, 0, ZoneOffset.UTC);
    return prefix + "-timelines-" + (start.getHour() == 0 ? DAY.format(start) : HOUR.format(start));
  }

  /**
   * The index of timelines from before homes existed: the single timelines index of earlier
   * versions, renamed by the upgrade ({@code IndexTemplates}).
   */
  public String timelinesLegacy() {
    return prefix + "-timelines-" + LEGACY;
  }

  /**
   * The home a timelines index holds (0 for the legacy index), when {@code index} is one of ours.
   */
  public Optional<Long> homeOf(String index) {
    String head = prefix + "-timelines-";
    if (index == null || !index.startsWith(head)) {
      return Optional.empty();
    }
    String tail = index.substring(head.length());
    if (tail.equals(LEGACY)) {
      return Optional.of(0L);
    }
    try {
      LocalDateTime start =
          tail.length() == "yyyy.MM.dd".length()
              ? LocalDate.parse(tail, DAY).atStartOfDay()
              : LocalDateTime.parse(tail, HOUR);
      return Optional.of(start.toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeParseException notOurs) {
      return Optional.empty();
    }
  }

  /** Name of the index template of the events indices. */
  public String eventsTemplate() {
    return prefix + "-events";
  }

  /** Name of the index template of the timelines indices. */
  public String timelinesTemplate() {
    return prefix + "-timelines";
  }
}
