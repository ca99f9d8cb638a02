package dev.correlate.api;

import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.correlate.core.json.Json;
import dev.correlate.core.json.JsonCursor;
import dev.correlate.core.model.Level;
import dev.correlate.core.model.Link;
import dev.correlate.core.model.LogEvent;
import dev.correlate.core.model.SourceKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Rewrites a stored event document into the API's event view without binding it to a {@link
 * LogEvent}, and without a tokenizer: the same JSON as {@link Views.Event} of that event, property
 * for property and in the same order (pinned by {@code EventTranscoderTest}), at a fraction of the
 * cost on a page of 1 000 events. The document is walked with a {@link JsonCursor}: property names
 * are compared byte for byte, every text the view shows as stored (ids, names, the message, lists
 * of ids, {@code fields}' keys and values) is located and its bytes copied, still escaped, never
 * decoded and encoded again; only what the view changes is read as a value (the time, the source
 * kind, the level, the link, the order of {@code fields}' keys). The document is read as the record
 * reader would read it: properties in any order, unknown ones ignored, a number where a text
 * belongs read as its text, absent lists empty, absent level {@code INFO} and source kind {@code
 * OTHER}, a key stored twice in {@code fields} keeping its last value; a document the record reader
 * would refuse (no event id, a value of the wrong shape, an unknown enum name) is refused here too.
 *
 * <p>One instance per response (it keeps its scratch space between events); not thread-safe.
 */
final class EventTranscoder {
  /**
   * The properties of a stored event in the order the stream writes them ({@code @timestamp}, then
   * {@link LogEvent}'s properties in the order the shared mapper writes them, absent ones left
   * out). Each name is first compared with the one expected next, which finds the property of a
   * document written in that order with one comparison; properties in another order are found by
   * comparing with all of them.
   */
  static final List<String> STORED_ORDER =
      Stream.concat(
              Stream.of("@timestamp"),
              Json.mapper()
                  .getSerializationConfig()
                  .introspect(Json.mapper().constructType(LogEvent.class))
                  .findProperties()
                  .stream()
                  .map(BeanPropertyDefinition::getName))
          .toList();

  private static final byte[][] NAMES =
      STORED_ORDER.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

  // the texts the view shows as stored, each a slot of the scratch arrays
  private static final int EVENT_ID = 0;
  private static final int SERVICE = 1;
  private static final int ENVIRONMENT = 2;
  private static final int LOG_GROUP = 3;
  private static final int LOG_STREAM = 4;
  private static final int LOGGER = 5;
  private static final int MESSAGE = 6;
  private static final int LAMBDA_REQUEST_ID = 7;
  private static final int ECS_TASK_ID = 8;
  private static final int XRAY_TRACE_ID = 9;
  private static final int CORRELATION_IDS = 10;
  private static final int JOB_IDS = 11;
  private static final int ECS_TASK_ARNS = 12;
  private static final int SLOTS = 13;

  /** The slot of each stored property by its position in {@link #STORED_ORDER}; -1 for others. */
  private static final int[] SLOT_OF =
      STORED_ORDER.stream()
          .mapToInt(
              name ->
                  switch (name) {
                    case "event_id" -> EVENT_ID;
                    case "service" -> SERVICE;
                    case "environment" -> ENVIRONMENT;
                    case "log_group" -> LOG_GROUP;
                    case "log_stream" -> LOG_STREAM;
                    case "logger" -> LOGGER;
                    case "message" -> MESSAGE;
                    case "lambda_request_id" -> LAMBDA_REQUEST_ID;
                    case "ecs_task_id" -> ECS_TASK_ID;
                    case "xray_trace_id" -> XRAY_TRACE_ID;
                    case "correlation_ids" -> CORRELATION_IDS;
                    case "job_ids" -> JOB_IDS;
                    case "ecs_task_arns" -> ECS_TASK_ARNS;
                    default -> -1;
                  })
          .toArray();

  /** The stored name of each slot. */
  private static final String[] SLOT_NAMES = new String[SLOTS];

  static {
    for (int at = 0; at < SLOT_OF.length; at++) {
      if (SLOT_OF[at] >= 0) {
        SLOT_NAMES[SLOT_OF[at]] = STORED_ORDER.get(at);
      }
    }
  }

  private static final int TIMESTAMP_AT = STORED_ORDER.indexOf("timestamp");
  private static final int SOURCE_KIND_AT = STORED_ORDER.indexOf("source_kind");
  private static final int LEVEL_AT = STORED_ORDER.indexOf("level");
  private static final int FIELDS_AT = STORED_ORDER.indexOf("fields");
  private static final int LINK_AT = STORED_ORDER.indexOf("link");
  private static final byte[] VIA = ascii("via");

  private static final SourceKind[] SOURCE_KINDS = SourceKind.values();
  private static final Level[] LEVELS = Level.values();
  private static final Link.Via[] VIAS = Link.Via.values();
  private static final byte[][] SOURCE_KIND_NAMES = names(SOURCE_KINDS);
  private static final byte[][] LEVEL_NAMES = names(LEVELS);
  private static final byte[][] VIA_NAMES = names(VIAS);

  // what the view writes around the stored bytes
  private static final byte[] TIMESTAMP = ascii(",\"timestamp\":\"");
  private static final byte[] OFFSET_MS = ascii(",\"offset_ms\":");
  private static final byte[] SOURCE_KIND = ascii(",\"source_kind\":\"");
  private static final byte[] LEVEL = ascii("\",\"level\":\"");
  private static final byte[] FIELDS = ascii(",\"fields\":{");
  private static final byte[] LINKED_VIA = ascii(",\"linked_via\":\"");

  /**
   * What precedes each slot's value in the view, where it has its stored name: the object's start
   * before the first, a comma before the others, a list's bracket after its name.
   */
  private static final byte[][] VIEW_NAME = new byte[SLOTS][];

  static {
    for (int slot = 0; slot < SLOTS; slot++) {
      VIEW_NAME[slot] =
          ascii(
              (slot == EVENT_ID ? "{" : ",")
                  + "\""
                  + SLOT_NAMES[slot]
                  + "\":"
                  + (slot >= CORRELATION_IDS ? "[" : ""));
    }
  }

  /** Keys of the lower-case views of the enums, written as they are. */
  private static final byte[][] SOURCE_KIND_VIEWS = lowerCase(SOURCE_KINDS);

  private static final byte[][] VIA_VIEWS = lowerCase(VIAS);

  // one event's places in its document: [from, to) of each text, -1 when absent; a text whose
  // stored value is a number or a boolean is written quoted (quoted[slot] false)
  private final int[] from = new int[SLOTS];
  private final int[] to = new int[SLOTS];
  private final boolean[] quoted = new boolean[SLOTS];
  private long timestamp;
  private int sourceKind;
  private int level;
  private int linkedVia;
  // fields: key (inside its quotes) and value of each, in stored order, then sorted by key
  private int fieldCount;
  private int[] keyFrom = new int[16];
  private int[] keyTo = new int[16];
  private int[] valueFrom = new int[16];
  private int[] valueTo = new int[16];
  private boolean[] plainKey = new boolean[16];
  private int[] order = new int[16];
  private final byte[] scratch = new byte[Times.MAX_ISO_LENGTH];

  /**
   * Reads one stored event document, starting at {@code bytes[from]} and ending at {@code to} or
   * before (what follows it is not read), and writes its view to {@code out}; returns the offset
   * just after the document.
   *
   * @param baseMs what {@code offset_ms} counts from; null for no offset
   * @throws IllegalStateException if the document is not an event (nothing is written then)
   */
  int copy(byte[] bytes, int from, int to, OutputStream out, Long baseMs) throws IOException {
    JsonCursor in = new JsonCursor(bytes, from, to);
    read(in, bytes);
    write(bytes, out, baseMs);
    return in.position();
  }

  private void read(JsonCursor in, byte[] bytes) {
    Arrays.fill(from, -1);
    timestamp = 0;
    sourceKind = SourceKind.OTHER.ordinal();
    level = Level.INFO.ordinal();
    linkedVia = -1;
    fieldCount = 0;
    if (in.peek() != '{') {
      throw refused("it is not an object");
    }
    in.expect('{');
    int expected = 0;
    while (in.nextName()) {
      int at = position(in, bytes, expected);
      if (at < 0) {
        in.skipValue();
        continue;
      }
      expected = at + 1;
      int slot = SLOT_OF[at];
      if (slot >= CORRELATION_IDS) {
        list(in, slot);
      } else if (slot >= 0) {
        text(in, slot);
      } else if (at == TIMESTAMP_AT) {
        timestamp = time(in, bytes);
      } else if (at == SOURCE_KIND_AT) {
        sourceKind =
            constant(in, bytes, SOURCE_KIND_NAMES, SourceKind.OTHER.ordinal(), "SourceKind");
      } else if (at == LEVEL_AT) {
        level = constant(in, bytes, LEVEL_NAMES, Level.INFO.ordinal(), "Level");
      } else if (at == FIELDS_AT) {
        fields(in, bytes);
      } else if (at == LINK_AT) {
        link(in, bytes);
      } else {
        in.skipValue();
      }
    }
    if (from[EVENT_ID] < 0 || from[LOG_GROUP] < 0 || from[LOG_STREAM] < 0 || from[MESSAGE] < 0) {
      throw refused("event_id, log_group, log_stream and message are required");
    }
  }

  /**
   * The position in {@link #STORED_ORDER} of the name the cursor just stepped over, {@code
   * expected} tried first (the usual case: one comparison), then the names after it; -1 for a name
   * not in it.
   */
  private static int position(JsonCursor in, byte[] bytes, int expected) {
    // an absent property moves the next one up: look further on first
    for (int k = 0; k < NAMES.length; k++) {
      int i = (expected + k) % NAMES.length;
      if (in.nameIs(NAMES[i])) {
        return i;
      }
    }
    if (plain(bytes, in.nameFrom(), in.nameTo())) {
      return -1;
    }
    // an escaped name is still that name
    return STORED_ORDER.indexOf(decode(bytes, in.nameFrom() - 1, in.nameTo() + 1));
  }

  /** A scalar where a text belongs; null is absent, an object or array is not a text. */
  private void text(JsonCursor in, int slot) {
    if (in.nullValue()) {
      from[slot] = -1;
      return;
    }
    byte first = in.peek();
    if (first == '{' || first == '[') {
      throw refused(SLOT_NAMES[slot] + " is not a text");
    }
    from[slot] = in.skipValue();
    to[slot] = in.position();
    quoted[slot] = first == '"';
  }

  private static long time(JsonCursor in, byte[] bytes) {
    if (in.nullValue()) {
      return 0; // as the record reader reads null for a primitive
    }
    int start = in.skipValue();
    int end = in.position();
    long value = 0;
    boolean negative = bytes[start] == '-';
    int i = negative ? start + 1 : start;
    if (i == end || end - i > 18) {
      return slowLong(bytes, start, end);
    }
    for (; i < end; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return slowLong(bytes, start, end);
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /** A time written otherwise than as digits, read as the record reader reads it. */
  private static long slowLong(byte[] bytes, int start, int end) {
    try {
      return Json.mapper().readValue(bytes, start, end - start, long.class);
    } catch (IOException e) {
      throw refused("timestamp is not a time: " + e.getMessage());
    }
  }

  /**
   * An enum's name: its ordinal, by the name's bytes compared with each constant's ({@code absent}
   * for null).
   */
  private static int constant(
      JsonCursor in, byte[] bytes, byte[][] names, int absent, String property) {
    if (in.nullValue()) {
      return absent;
    }
    if (in.peek() != '"') {
      String value = scalar(in, bytes);
      throw refused("'" + value + "' is not a " + property);
    }
    int start = in.skipValue() + 1;
    int end = in.position() - 1;
    for (int i = 0; i < names.length; i++) {
      if (Arrays.equals(bytes, start, end, names[i], 0, names[i].length)) {
        return i;
      }
    }
    // an escaped name is still that name
    String name = decode(bytes, start - 1, end + 1);
    for (int i = 0; i < names.length; i++) {
      if (name.equals(new String(names[i], StandardCharsets.US_ASCII))) {
        return i;
      }
    }
    throw refused("'" + name + "' is not a " + property);
  }

  /** Structured fields; null is none. Keys are sorted when the view is written. */
  private void fields(JsonCursor in, byte[] bytes) {
    fieldCount = 0;
    if (in.nullValue()) {
      return;
    }
    if (in.peek() != '{') {
      throw refused("fields is not an object");
    }
    in.expect('{');
    while (in.nextName()) {
      if (fieldCount == keyFrom.length) {
        grow();
      }
      int n = fieldCount++;
      keyFrom[n] = in.nameFrom();
      keyTo[n] = in.nameTo();
      plainKey[n] = plain(bytes, keyFrom[n], keyTo[n]);
      if (in.nullValue()) {
        throw refused("fields." + decode(bytes, keyFrom[n] - 1, keyTo[n] + 1) + " is null");
      }
      byte first = in.peek();
      if (first == '{' || first == '[') {
        throw refused("fields." + decode(bytes, keyFrom[n] - 1, keyTo[n] + 1) + " is not a text");
      }
      valueFrom[n] = in.skipValue();
      valueTo[n] = in.position();
    }
  }

  private void grow() {
    int size = keyFrom.length * 2;
    keyFrom = Arrays.copyOf(keyFrom, size);
    keyTo = Arrays.copyOf(keyTo, size);
    valueFrom = Arrays.copyOf(valueFrom, size);
    valueTo = Arrays.copyOf(valueTo, size);
    plainKey = Arrays.copyOf(plainKey, size);
    order = Arrays.copyOf(order, size);
  }

  /** A list of texts: where it is, after checking that it holds nothing else; null is empty. */
  private void list(JsonCursor in, int slot) {
    if (in.nullValue()) {
      from[slot] = -1;
      return;
    }
    String name = SLOT_NAMES[slot];
    if (in.peek() != '[') {
      throw refused(name + " is not a list");
    }
    from[slot] = in.position();
    in.expect('[');
    while (in.nextElement()) {
      if (in.nullValue()) {
        throw refused(name + " holds a null");
      }
      byte first = in.peek();
      if (first == '{' || first == '[') {
        throw refused(name + " holds something other than texts");
      }
      in.skipValue();
    }
    to[slot] = in.position();
  }

  /** How the event was linked: {@code link.via}; null when it has no link. */
  private void link(JsonCursor in, byte[] bytes) {
    linkedVia = -1;
    if (in.nullValue()) {
      return;
    }
    if (in.peek() != '{') {
      throw refused("link is not an object");
    }
    in.expect('{');
    while (in.nextName()) {
      if (in.nameIs(VIA)) {
        linkedVia = constant(in, bytes, VIA_NAMES, -1, "Via");
      } else {
        in.skipValue();
      }
    }
  }

  private void write(byte[] bytes, OutputStream out, Long baseMs) throws IOException {
    writeText(bytes, out, EVENT_ID);
    out.write(TIMESTAMP);
    out.write(scratch, 0, Times.iso(timestamp, scratch));
    out.write('"');
    if (baseMs != null) {
      out.write(OFFSET_MS);
      writeLong(out, timestamp - baseMs);
    }
    writeText(bytes, out, SERVICE);
    writeText(bytes, out, ENVIRONMENT);
    writeText(bytes, out, LOG_GROUP);
    writeText(bytes, out, LOG_STREAM);
    out.write(SOURCE_KIND);
    out.write(SOURCE_KIND_VIEWS[sourceKind]);
    out.write(LEVEL);
    out.write(LEVEL_NAMES[level]);
    out.write('"');
    writeText(bytes, out, LOGGER);
    writeText(bytes, out, MESSAGE);
    writeFields(bytes, out);
    writeList(bytes, out, CORRELATION_IDS, true);
    writeList(bytes, out, JOB_IDS, true);
    writeText(bytes, out, LAMBDA_REQUEST_ID);
    writeText(bytes, out, ECS_TASK_ID);
    writeList(bytes, out, ECS_TASK_ARNS, false);
    writeText(bytes, out, XRAY_TRACE_ID);
    if (linkedVia >= 0) {
      out.write(LINKED_VIA);
      out.write(VIA_VIEWS[linkedVia]);
      out.write('"');
    }
    out.write('}');
  }

  private void writeText(byte[] bytes, OutputStream out, int slot) throws IOException {
    if (from[slot] < 0) {
      return;
    }
    out.write(VIEW_NAME[slot]);
    writeScalar(bytes, out, from[slot], to[slot], quoted[slot]);
  }

  private static void writeScalar(byte[] bytes, OutputStream out, int from, int to, boolean quoted)
      throws IOException {
    if (!quoted) {
      out.write('"');
    }
    out.write(bytes, from, to - from);
    if (!quoted) {
      out.write('"');
    }
  }

  /** A list's elements one by one (so that the view is compact whatever the stored spacing). */
  private void writeList(byte[] bytes, OutputStream out, int slot, boolean whenEmpty)
      throws IOException {
    boolean empty = from[slot] < 0;
    JsonCursor list = null;
    if (!empty) {
      list = new JsonCursor(bytes, from[slot], to[slot]);
      list.expect('[');
      empty = list.peek() == ']';
    }
    if (empty && !whenEmpty) {
      return;
    }
    out.write(VIEW_NAME[slot]);
    if (!empty) {
      boolean first = true;
      while (list.nextElement()) {
        if (!first) {
          out.write(',');
        }
        first = false;
        byte head = list.peek();
        int start = list.skipValue();
        writeScalar(bytes, out, start, list.position(), head == '"');
      }
    }
    out.write(']');
  }

  /**
   * Fields sorted by key as a {@code TreeMap} of the keys would have them, a repeated key's last.
   */
  private void writeFields(byte[] bytes, OutputStream out) throws IOException {
    if (fieldCount == 0) {
      return;
    }
    // insertion sort, stable: of keys stored twice, the last stays last
    for (int i = 0; i < fieldCount; i++) {
      int j = i;
      while (j > 0 && compareKeys(bytes, order[j - 1], i) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    out.write(FIELDS);
    boolean first = true;
    for (int i = 0; i < fieldCount; i++) {
      int f = order[i];
      if (i + 1 < fieldCount && compareKeys(bytes, f, order[i + 1]) == 0) {
        continue; // stored again later: the later value wins
      }
      if (!first) {
        out.write(',');
      }
      first = false;
      out.write('"');
      out.write(bytes, keyFrom[f], keyTo[f] - keyFrom[f]);
      out.write('"');
      out.write(':');
      writeScalar(bytes, out, valueFrom[f], valueTo[f], bytes[valueFrom[f]] == '"');
    }
    out.write('}');
  }

  /**
   * Keys in {@link String#compareTo}'s order: their bytes compared unsigned when neither has an
   * escape or a character from U+E000 up (where UTF-16's order differs from UTF-8's), else decoded.
   */
  private int compareKeys(byte[] bytes, int a, int b) {
    if (plainKey[a] && plainKey[b]) {
      return Arrays.compareUnsigned(bytes, keyFrom[a], keyTo[a], bytes, keyFrom[b], keyTo[b]);
    }
    return decode(bytes, keyFrom[a] - 1, keyTo[a] + 1)
        .compareTo(decode(bytes, keyFrom[b] - 1, keyTo[b] + 1));
  }

  private static boolean plain(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\\' || b >= 0xee) {
        return false;
      }
    }
    return true;
  }

  private void writeLong(OutputStream out, long value) throws IOException {
    if (value == Long.MIN_VALUE) {
      out.write(ascii(Long.toString(value)));
      return;
    }
    long rest = Math.abs(value);
    int at = scratch.length;
    do {
      scratch[--at] = (byte) ('0' + rest % 10);
      rest /= 10;
    } while (rest != 0);
    if (value < 0) {
      scratch[--at] = '-';
    }
    out.write(scratch, at, scratch.length - at);
  }

  /** The JSON string whose quotes are at {@code open} and {@code close - 1}, decoded. */
  private static String decode(byte[] bytes, int open, int close) {
    try {
      return Json.mapper().readValue(bytes, open, close - open, String.class);
    } catch (IOException e) {
      throw refused("a text does not decode: " + e.getMessage());
    }
  }

  /** A scalar's text as the record reader would read it, for a message. */
  private static String scalar(JsonCursor in, byte[] bytes) {
    int start = in.skipValue();
    return new String(bytes, start, in.position() - start, StandardCharsets.UTF_8);
  }

  private static IllegalStateException refused(String why) {
    return new IllegalStateException("stored document is not a LogEvent: " + why);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[][] names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(c -> ascii(c.name())).toArray(byte[][]::new);
  }

  private static byte[][] lowerCase(Enum<?>[] constants) {
    return Arrays.stream(constants)
        .map(c -> ascii(c.name().toLowerCase(Locale.ROOT)))
        .toArray(byte[][]::new);
  }
}
