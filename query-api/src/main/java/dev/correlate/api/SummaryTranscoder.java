package dev.correlate.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.correlate.core.json.Json;
import dev.correlate.core.json.JsonCursor;
import dev.correlate.core.model.TimelineSummary;
import dev.correlate.core.model.TimelineSummary.Context;
import dev.correlate.core.model.TimelineSummary.Diagnosis;
import dev.correlate.core.model.TimelineSummary.EventRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a stored timeline summary into the API's summary view ({@link Views.Summary}) without
 * binding it to a {@link TimelineSummary}: the same JSON, property for property (pinned by {@code
 * SummaryTranscoderTest}), from the document's bytes. The document is walked with a {@link
 * JsonCursor}; ids, names and lists of them are copied as stored (still escaped), counts copied as
 * their digits, times read as numbers and written as ISO-8601, the level counts and services sorted
 * by name, a diagnosis without evidence (a timeline that has not failed) with its stages' times in
 * ISO. The evidence, the first error and the context (small, and reshaped by the view: evidence cut
 * and sorted, console links and the Logs Insights query made) are bound alone, as their records,
 * and written through their views.
 *
 * <p>A document with any value in another shape than the indexer writes (a number where a text
 * belongs, a time written as a text, a name escaped, an escaped or non-ASCII map key, a key stored
 * twice) is bound to its record instead and its view written from that, so that the answer is the
 * record path's in every case.
 *
 * <p>One instance per response; not thread-safe.
 */
final class SummaryTranscoder {
  /** The stored properties of a summary, in the order the shared mapper writes them. */
  private static final List<String> STORED_ORDER =
      Json.mapper()
          .getSerializationConfig()
          .introspect(Json.mapper().constructType(TimelineSummary.class))
          .findProperties()
          .stream()
          .map(BeanPropertyDefinition::getName)
          .toList();

  private static final byte[][] NAMES =
      STORED_ORDER.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

  private static final int TIMELINE_ID = at("timeline_id");
  private static final int KIND = at("kind");
  private static final int ID = at("id");
  private static final int REVISION = at("revision");
  private static final int STATUS = at("status");
  private static final int CLOSED = at("closed");
  private static final int FIRST_EVENT_AT = at("first_event_at");
  private static final int LAST_EVENT_AT = at("last_event_at");
  private static final int DURATION_MS = at("duration_ms");
  private static final int EVENT_COUNT = at("event_count");
  private static final int ERROR_COUNT = at("error_count");
  private static final int LEVEL_COUNTS = at("level_counts");
  private static final int SERVICES = at("services");
  private static final int CORRELATION_IDS = at("correlation_ids");
  private static final int JOB_IDS = at("job_ids");
  private static final int LAMBDA_REQUEST_IDS = at("lambda_request_ids");
  private static final int ECS_TASK_IDS = at("ecs_task_ids");
  private static final int FIRST_ERROR = at("first_error");
  private static final int WARNINGS = at("warnings");
  private static final int DIAGNOSIS = at("diagnosis");
  private static final int LAST_ACTIVITY_AT = at("last_activity_at");
  private static final int UPDATED_AT = at("updated_at");
  private static final int CONTEXT = at("context");

  // what the view writes around the stored values
  private static final byte[] W_TIMELINE_ID = ascii("{\"timeline_id\":");
  private static final byte[] W_REVISION = ascii(",\"revision\":");
  private static final byte[] W_CLOSED = ascii(",\"closed\":");
  private static final byte[] W_FIRST_EVENT_AT = ascii(",\"first_event_at\":");
  private static final byte[] W_LAST_EVENT_AT = ascii(",\"last_event_at\":");
  private static final byte[] W_DURATION_MS = ascii(",\"duration_ms\":");
  private static final byte[] W_EVENT_COUNT = ascii(",\"event_count\":");
  private static final byte[] W_ERROR_COUNT = ascii(",\"error_count\":");
  private static final byte[] W_LEVEL_COUNTS = ascii(",\"level_counts\":");
  private static final byte[] W_SERVICES = ascii(",\"services\":");
  private static final byte[] W_CORRELATION_IDS = ascii(",\"correlation_ids\":");
  private static final byte[] W_JOB_IDS = ascii(",\"job_ids\":");
  private static final byte[] W_LAMBDA_REQUEST_IDS = ascii(",\"lambda_request_ids\":");
  private static final byte[] W_ECS_TASK_IDS = ascii(",\"ecs_task_ids\":");
  private static final byte[] W_FIRST_ERROR = ascii(",\"first_error\":");
  private static final byte[] W_WARNINGS = ascii(",\"warnings\":");
  private static final byte[] W_DIAGNOSIS = ascii(",\"diagnosis\":");
  private static final byte[] W_LAST_ACTIVITY_AT = ascii(",\"last_activity_at\":");
  private static final byte[] W_UPDATED_AT = ascii(",\"updated_at\":");
  private static final byte[] W_FALSE = ascii("false");
  private static final byte[] W_FIRST_AT = ascii("{\"first_at\":");
  private static final byte[] W_LAST_AT = ascii(",\"last_at\":");
  private static final byte[] W_COUNT = ascii(",\"count\":");
  private static final byte[] W_NAME_END = ascii("\":");
  private static final byte[] W_KIND = ascii(",\"kind\":");
  private static final byte[] W_ID = ascii(",\"id\":");
  private static final byte[] W_STATUS = ascii(",\"status\":");

  private static final byte[] W_CONTEXT = ascii(",\"context\":");
  private static final JavaType STRINGS =
      Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class);

  // a diagnosis's properties, in the order its view writes them
  private static final byte[][] DIAGNOSIS_NAMES = {
    ascii("stage"),
    ascii("stages"),
    ascii("category"),
    ascii("cause"),
    ascii("resolution"),
    ascii("symptom"),
    ascii("evidence")
  };
  private static final int D_STAGES = 1;
  private static final int D_EVIDENCE = 6;
  private static final byte[] STAGE = DIAGNOSIS_NAMES[0];
  private static final byte[] AT = ascii("at");
  private static final byte[] W_STAGE = ascii("\"stage\":");
  private static final byte[] W_AT = ascii("\"at\":");
  private static final byte[] W_EMPTY_LIST = ascii("[]");

  private static final byte[] FIRST_AT = ascii("first_at");
  private static final byte[] LAST_AT = ascii("last_at");
  private static final byte[] COUNT = ascii("count");

  /**
   * Thrown (without a stack) where the document is not as the indexer writes it: the record path
   * answers instead.
   */
  private static final class Unusual extends RuntimeException {
    Unusual() {
      super(null, null, false, false);
    }
  }

  private static final Unusual UNUSUAL = new Unusual();

  // the document's values: [from, to) of each stored property, -1 when absent or null
  private final int[] from = new int[NAMES.length];
  private final int[] to = new int[NAMES.length];
  private final int[] diagnosisFrom = new int[DIAGNOSIS_NAMES.length];
  private final int[] diagnosisTo = new int[DIAGNOSIS_NAMES.length];
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
  private final byte[] scratch = new byte[Times.MAX_ISO_LENGTH];
  // a map's entries: key (inside its quotes) and value, sorted by key when written
  private int[] keyFrom = new int[8];
  private int[] keyTo = new int[8];
  private int[] valueFrom = new int[8];
  private Integer[] order = new Integer[8];
  private long firstEventAt;
  private boolean bound;

  /**
   * The summary view of the stored summary at {@code bytes[from, to)}.
   *
   * @throws IllegalStateException if the document is not a summary
   */
  byte[] view(byte[] bytes, int start, int end, int maxEvidence) {
    try {
      read(bytes, start, end);
      write(bytes, maxEvidence);
      bound = false;
      return out.toByteArray();
    } catch (Unusual e) {
      bound = true;
      TimelineSummary summary = bind(bytes, start, end, TimelineSummary.class);
      firstEventAt = summary.firstEventAt();
      return Json.write(Views.Summary.of(summary, maxEvidence));
    }
  }

  /**
   * Whether the last {@link #view} was written from the bound record, the document not being as the
   * indexer writes it.
   */
  boolean bound() {
    return bound;
  }

  /** When the timeline's first event was, as the summary last {@link #view}ed says. */
  long firstEventAt() {
    return firstEventAt;
  }

  private void read(byte[] bytes, int start, int end) {
    Arrays.fill(from, -1);
    JsonCursor in = new JsonCursor(bytes, start, end);
    open(in, '{');
    int expected = 0;
    while (in.nextName()) {
      int at = position(in, expected);
      if (at < 0) {
        unknown(in, bytes);
        continue;
      }
      expected = at + 1;
      if (in.nullValue()) {
        from[at] = -1;
      } else {
        from[at] = in.skipValue();
        to[at] = in.position();
      }
    }
    if (from[TIMELINE_ID] < 0) {
      throw UNUSUAL;
    }
  }

  /**
   * The position in {@link #STORED_ORDER} of the name the cursor just stepped over, {@code
   * expected} tried first; -1 for another name (an escaped name takes the record path).
   */
  private static int position(JsonCursor in, int expected) {
    for (int k = 0; k < NAMES.length; k++) {
      int i = (expected + k) % NAMES.length;
      if (in.nameIs(NAMES[i])) {
        return i;
      }
    }
    return -1;
  }

  private void write(byte[] bytes, int maxEvidence) {
    out.reset();
    Context context = from[CONTEXT] < 0 ? null : bind(bytes, CONTEXT, Context.class);
    String region = context == null ? null : context.region();
    put(W_TIMELINE_ID);
    text(bytes, TIMELINE_ID);
    optionalText(bytes, W_KIND, KIND);
    optionalText(bytes, W_ID, ID);
    put(W_REVISION);
    count(bytes, REVISION);
    optionalText(bytes, W_STATUS, STATUS);
    put(W_CLOSED);
    closed(bytes);
    put(W_FIRST_EVENT_AT);
    firstEventAt = time(bytes, from[FIRST_EVENT_AT], to[FIRST_EVENT_AT]);
    iso(firstEventAt);
    put(W_LAST_EVENT_AT);
    iso(time(bytes, from[LAST_EVENT_AT], to[LAST_EVENT_AT]));
    put(W_DURATION_MS);
    count(bytes, DURATION_MS);
    put(W_EVENT_COUNT);
    count(bytes, EVENT_COUNT);
    put(W_ERROR_COUNT);
    count(bytes, ERROR_COUNT);
    put(W_LEVEL_COUNTS);
    map(bytes, LEVEL_COUNTS, this::levelCount);
    put(W_SERVICES);
    map(bytes, SERVICES, this::span);
    put(W_CORRELATION_IDS);
    texts(bytes, CORRELATION_IDS);
    put(W_JOB_IDS);
    texts(bytes, JOB_IDS);
    put(W_LAMBDA_REQUEST_IDS);
    texts(bytes, LAMBDA_REQUEST_IDS);
    put(W_ECS_TASK_IDS);
    texts(bytes, ECS_TASK_IDS);
    if (from[FIRST_ERROR] >= 0) {
      put(W_FIRST_ERROR);
      put(Json.write(Views.Evidence.of(bind(bytes, FIRST_ERROR, EventRef.class), region)));
    }
    put(W_WARNINGS);
    texts(bytes, WARNINGS);
    if (from[DIAGNOSIS] >= 0) {
      put(W_DIAGNOSIS);
      diagnosis(bytes, maxEvidence, region);
    }
    put(W_LAST_ACTIVITY_AT);
    iso(time(bytes, from[LAST_ACTIVITY_AT], to[LAST_ACTIVITY_AT]));
    put(W_UPDATED_AT);
    iso(time(bytes, from[UPDATED_AT], to[UPDATED_AT]));
    if (context != null) {
      put(W_CONTEXT);
      put(
          Json.write(
              ContextView.of(
                  context,
                  from[ID] < 0 ? null : bind(bytes, ID, String.class),
                  strings(bytes, CORRELATION_IDS),
                  strings(bytes, JOB_IDS),
                  strings(bytes, LAMBDA_REQUEST_IDS),
                  firstEventAt,
                  time(bytes, from[LAST_EVENT_AT], to[LAST_EVENT_AT]))));
    }
    out.write('}');
  }

  /** A list of texts, bound (empty when absent). */
  private List<String> strings(byte[] bytes, int slot) {
    if (from[slot] < 0) {
      return List.of();
    }
    return bind(bytes, from[slot], to[slot], STRINGS, "TimelineSummary");
  }

  /**
   * The diagnosis: without evidence (a timeline that has not failed) transcoded, its texts copied
   * and its stages' times written as ISO; with evidence bound and written through its view, which
   * cuts, sorts and links the evidence.
   */
  private void diagnosis(byte[] bytes, int maxEvidence, String region) {
    JsonCursor in = new JsonCursor(bytes, from[DIAGNOSIS], to[DIAGNOSIS]);
    open(in, '{');
    Arrays.fill(diagnosisFrom, -1);
    while (in.nextName()) {
      int at = -1;
      for (int i = 0; i < DIAGNOSIS_NAMES.length && at < 0; i++) {
        at = in.nameIs(DIAGNOSIS_NAMES[i]) ? i : -1;
      }
      if (at < 0) {
        unknown(in, bytes);
        continue;
      }
      if (in.nullValue()) {
        diagnosisFrom[at] = -1;
        continue;
      }
      diagnosisFrom[at] = in.skipValue();
      diagnosisTo[at] = in.position();
    }
    int evidence = diagnosisFrom[D_EVIDENCE];
    if (evidence >= 0 && !emptyList(bytes, evidence, diagnosisTo[D_EVIDENCE])) {
      put(
          Json.write(
              Views.DiagnosisView.of(
                  bind(bytes, from[DIAGNOSIS], to[DIAGNOSIS], Diagnosis.class),
                  maxEvidence,
                  region)));
      return;
    }
    boolean first = true;
    for (int i = 0; i < DIAGNOSIS_NAMES.length; i++) {
      if (i == D_STAGES || i == D_EVIDENCE) {
        out.write(first ? '{' : ',');
        first = false;
        out.write('"');
        put(DIAGNOSIS_NAMES[i]);
        put(W_NAME_END);
        if (i == D_STAGES) {
          stages(bytes, diagnosisFrom[i], diagnosisTo[i]);
        } else {
          put(W_EMPTY_LIST);
        }
      } else if (diagnosisFrom[i] >= 0) {
        if (bytes[diagnosisFrom[i]] != '"') {
          throw UNUSUAL;
        }
        out.write(first ? '{' : ',');
        first = false;
        out.write('"');
        put(DIAGNOSIS_NAMES[i]);
        put(W_NAME_END);
        out.write(bytes, diagnosisFrom[i], diagnosisTo[i] - diagnosisFrom[i]);
      }
    }
    out.write('}');
  }

  /** The diagnosis's stages, each {@code {"stage", "at"}} with the time in ISO. */
  private void stages(byte[] bytes, int start, int end) {
    out.write('[');
    if (start >= 0) {
      JsonCursor in = new JsonCursor(bytes, start, end);
      open(in, '[');
      boolean first = true;
      while (in.nextElement()) {
        open(in, '{');
        int stageFrom = -1;
        int stageTo = -1;
        long at = 0;
        while (in.nextName()) {
          boolean stage = in.nameIs(STAGE);
          boolean time = !stage && in.nameIs(AT);
          if (!stage && !time) {
            unknown(in, bytes);
            continue;
          }
          if (in.nullValue()) {
            stageFrom = stage ? -1 : stageFrom;
            at = time ? 0 : at;
            continue;
          }
          int value = in.skipValue();
          if (stage) {
            if (bytes[value] != '"') {
              throw UNUSUAL;
            }
            stageFrom = value;
            stageTo = in.position();
          } else if (time) {
            at = time(bytes, value, in.position());
          }
        }
        if (!first) {
          out.write(',');
        }
        first = false;
        out.write('{');
        if (stageFrom >= 0) {
          put(W_STAGE);
          out.write(bytes, stageFrom, stageTo - stageFrom);
          out.write(',');
        }
        put(W_AT);
        iso(at);
        out.write('}');
      }
    }
    out.write(']');
  }

  /**
   * Steps over a property the view does not show; its name escaped could be one it shows (the
   * record reader decodes names), so such a document takes the record path.
   */
  private static void unknown(JsonCursor in, byte[] bytes) {
    escaped(in, bytes);
    in.skipValue();
  }

  private static void escaped(JsonCursor in, byte[] bytes) {
    for (int i = in.nameFrom(); i < in.nameTo(); i++) {
      if (bytes[i] == '\\') {
        throw UNUSUAL;
      }
    }
  }

  /** Steps into the object or list the cursor is before; another value takes the record path. */
  private static void open(JsonCursor in, char bracket) {
    if (in.peek() != bracket) {
      throw UNUSUAL;
    }
    in.expect(bracket);
  }

  private static boolean emptyList(byte[] bytes, int start, int end) {
    JsonCursor in = new JsonCursor(bytes, start, end);
    open(in, '[');
    return !in.nextElement();
  }

  /** A text as stored; anything but a string takes the record path. */
  private void text(byte[] bytes, int slot) {
    if (bytes[from[slot]] != '"') {
      throw UNUSUAL;
    }
    out.write(bytes, from[slot], to[slot] - from[slot]);
  }

  /** A text that the view leaves out when it is absent. */
  private void optionalText(byte[] bytes, byte[] name, int slot) {
    if (from[slot] >= 0) {
      put(name);
      text(bytes, slot);
    }
  }

  /** A count as its digits (0 when absent, as the record reads it). */
  private void count(byte[] bytes, int slot) {
    if (from[slot] < 0) {
      out.write('0');
      return;
    }
    digits(bytes, from[slot], to[slot]);
    out.write(bytes, from[slot], to[slot] - from[slot]);
  }

  private void closed(byte[] bytes) {
    if (from[CLOSED] < 0) {
      put(W_FALSE);
      return;
    }
    int length = to[CLOSED] - from[CLOSED];
    if (!((length == 4 && bytes[from[CLOSED]] == 't')
        || (length == 5 && bytes[from[CLOSED]] == 'f'))) {
      throw UNUSUAL;
    }
    out.write(bytes, from[CLOSED], length);
  }

  /** A time in ms since the epoch, written as the indexer writes it (plain digits). */
  private static long time(byte[] bytes, int start, int end) {
    if (start < 0) {
      return 0;
    }
    digits(bytes, start, end);
    long value = 0;
    for (int i = start; i < end; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }

  /**
   * Checks that {@code bytes[start, end)} is a non-negative number of at most 18 digits, as a
   * {@code long} is written.
   */
  private static void digits(byte[] bytes, int start, int end) {
    if (end - start > 18 || end == start) {
      throw UNUSUAL;
    }
    for (int i = start; i < end; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        throw UNUSUAL;
      }
    }
  }

  private void iso(long epochMs) {
    out.write('"');
    out.write(scratch, 0, Times.iso(epochMs, scratch));
    out.write('"');
  }

  /** A list of texts as stored ({@code []} when absent). */
  private void texts(byte[] bytes, int slot) {
    out.write('[');
    if (from[slot] >= 0) {
      JsonCursor in = new JsonCursor(bytes, from[slot], to[slot]);
      open(in, '[');
      boolean first = true;
      while (in.nextElement()) {
        if (in.peek() != '"') {
          throw UNUSUAL;
        }
        int start = in.skipValue();
        if (!first) {
          out.write(',');
        }
        first = false;
        out.write(bytes, start, in.position() - start);
      }
    }
    out.write(']');
  }

  /**
   * Writes the view of one map value, which starts at {@code bytes[from]} and ends by {@code end}.
   */
  private interface ValueView {
    void write(byte[] bytes, int from, int end);
  }

  /**
   * The map at {@code slot} ({@code {}} when absent), its entries sorted by key, each value written
   * by {@code value}.
   */
  private void map(byte[] bytes, int slot, ValueView value) {
    int entries = entries(bytes, slot);
    out.write('{');
    for (int k = 0; k < entries; k++) {
      int i = order[k];
      if (k > 0) {
        out.write(',');
      }
      out.write('"');
      out.write(bytes, keyFrom[i], keyTo[i] - keyFrom[i]);
      put(W_NAME_END);
      value.write(bytes, valueFrom[i], to[slot]);
    }
    out.write('}');
  }

  /** A level's count, as its digits. */
  private void levelCount(byte[] bytes, int from, int end) {
    JsonCursor value = new JsonCursor(bytes, from, end);
    int start = value.skipValue();
    digits(bytes, start, value.position());
    out.write(bytes, start, value.position() - start);
  }

  /** A service's span, its times in ISO. */
  private void span(byte[] bytes, int from, int end) {
    JsonCursor span = new JsonCursor(bytes, from, end);
    open(span, '{');
    long firstAt = 0;
    long lastAt = 0;
    int countFrom = -1;
    int countTo = -1;
    while (span.nextName()) {
      if (span.nullValue()) {
        continue;
      }
      int start = span.skipValue();
      if (span.nameIs(FIRST_AT)) {
        firstAt = time(bytes, start, span.position());
      } else if (span.nameIs(LAST_AT)) {
        lastAt = time(bytes, start, span.position());
      } else if (span.nameIs(COUNT)) {
        digits(bytes, start, span.position());
        countFrom = start;
        countTo = span.position();
      } else {
        escaped(span, bytes);
      }
    }
    put(W_FIRST_AT);
    iso(firstAt);
    put(W_LAST_AT);
    iso(lastAt);
    put(W_COUNT);
    if (countFrom < 0) {
      out.write('0');
    } else {
      out.write(bytes, countFrom, countTo - countFrom);
    }
    out.write('}');
  }

  /**
   * Locates the entries of the map at {@code slot} and sorts them by key into {@link #order};
   * returns how many. Keys must be plain ASCII (then their bytes sort as the record's {@code
   * String}s do) and distinct; values are located, not read.
   */
  private int entries(byte[] bytes, int slot) {
    if (from[slot] < 0) {
      return 0;
    }
    JsonCursor in = new JsonCursor(bytes, from[slot], to[slot]);
    open(in, '{');
    int n = 0;
    while (in.nextName()) {
      if (n == keyFrom.length) {
        keyFrom = Arrays.copyOf(keyFrom, 2 * n);
        keyTo = Arrays.copyOf(keyTo, 2 * n);
        valueFrom = Arrays.copyOf(valueFrom, 2 * n);
        order = Arrays.copyOf(order, 2 * n);
      }
      keyFrom[n] = in.nameFrom();
      keyTo[n] = in.nameTo();
      for (int i = keyFrom[n]; i < keyTo[n]; i++) {
        if (bytes[i] == '\\' || bytes[i] < 0x20) {
          throw UNUSUAL;
        }
      }
      if (in.nullValue()) {
        throw UNUSUAL;
      }
      valueFrom[n] = in.skipValue();
      order[n] = n;
      n++;
    }
    Arrays.sort(
        order,
        0,
        n,
        (a, b) -> Arrays.compare(bytes, keyFrom[a], keyTo[a], bytes, keyFrom[b], keyTo[b]));
    for (int k = 1; k < n; k++) {
      int a = order[k - 1];
      int b = order[k];
      if (Arrays.equals(bytes, keyFrom[a], keyTo[a], bytes, keyFrom[b], keyTo[b])) {
        throw UNUSUAL; // a key stored twice: the record keeps the last one
      }
    }
    return n;
  }

  private <T> T bind(byte[] bytes, int slot, Class<T> type) {
    return bind(bytes, from[slot], to[slot], type);
  }

  private static <T> T bind(byte[] bytes, int start, int end, Class<T> type) {
    return bind(bytes, start, end, Json.mapper().constructType(type), type.getSimpleName());
  }

  /** Binds {@code bytes[start, end)} to {@code type}; a failure names {@code what} was read. */
  private static <T> T bind(byte[] bytes, int start, int end, JavaType type, String what) {
    try {
      return Json.mapper().readValue(bytes, start, end - start, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored document is not a " + what + ": " + e.getMessage(), e);
    }
  }

  private void put(byte[] bytes) {
    out.writeBytes(bytes);
  }

  private static int at(String name) {
    int at = STORED_ORDER.indexOf(name);
    if (at < 0) {
      throw new IllegalStateException("a summary has no property " + name);
    }
    return at;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
