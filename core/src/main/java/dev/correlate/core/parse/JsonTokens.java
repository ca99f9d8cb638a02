package dev.correlate.core.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application's JSON line flattened straight from the parser's tokens, without a {@link
 * JsonNode} tree of the whole line: the same fields in the same order as {@link JsonLines}'s
 * flattening of the tree, and the values its header lookups (message, level, logger, time) would
 * find. Most lines are read this way; whatever it does not reproduce exactly it leaves to the tree
 * by answering null, with the draft as it found it: a line that is not JSON, a duplicate key, a key
 * met twice after flattening, a line near the field limit, a container kept whole that a header key
 * points into, a Lambda platform record or an EventBridge event (their readers want the tree).
 */
final class JsonTokens {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What the header lookups of a line find, and its message key (null when it has none). */
  static final class Header {
    private final ObjectNode top;
    private final Map<String, JsonNode> nested;
    private final String messageKey;

    private Header(ObjectNode top, Map<String, JsonNode> nested, String messageKey) {
      this.top = top;
      this.nested = nested;
      this.messageKey = messageKey;
    }

    /** As {@code JsonLines.lookup} on the line's tree: the top-level key, else its dotted path. */
    JsonNode lookup(String key) {
      JsonNode v = top.get(key);
      if (v == null) {
        v = nested.get(key);
      }
      return v == null ? MissingNode.getInstance() : v;
    }

    String messageKey() {
      return messageKey;
    }
  }

  private final List<String> messageKeys;
  private final Set<String> headerKeys = new LinkedHashSet<>();

  /** The dotted header keys and their segments, split as the tree's lookup splits them. */
  private final List<String> dotted = new ArrayList<>();

  private final List<String[]> dottedPaths = new ArrayList<>();
  private final int maxFields;
  private final int maxDepth;
  private final int maxKeyChars;

  /**
   * False when the rules name a message key that this path cannot skip exactly (dotted, or longer
   * than a field name may be): every line then takes the tree.
   */
  private final boolean usable;

  JsonTokens(ParserRules rules) {
    ParserRules.JsonKeys json = rules.json();
    this.messageKeys = json.message();
    this.maxFields = rules.limits().maxFields();
    this.maxDepth = rules.limits().maxDepth();
    this.maxKeyChars = rules.limits().maxKeyChars();
    headerKeys.addAll(json.message());
    headerKeys.addAll(json.level());
    headerKeys.addAll(json.logger());
    headerKeys.addAll(json.timestamp());
    // what tells a Lambda platform record and an EventBridge event from an application's line
    headerKeys.addAll(List.of("type", "detail-type", "source", "detail"));
    for (String key : headerKeys) {
      if (key.indexOf('.') > 0) {
        dotted.add(key);
        dottedPaths.add(key.split("\\.", 8));
      }
    }
    this.usable =
        messageKeys.stream().noneMatch(k -> k.indexOf('.') >= 0 || k.length() > maxKeyChars);
  }

  /**
   * Flattens {@code line} (an object by {@link JsonLines#looksLikeObject}) into the draft's fields
   * as the tree would, the message key's own top-level field skipped; null, the draft unchanged,
   * when the line is left to the tree.
   */
  Header read(String line, Draft d) {
    if (!usable || line.contains("platform.") || line.contains("detail-type")) {
      return null;
    }
    Walk w = new Walk(d);
    try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
      // a duplicate key: the tree keeps the last value at the first key's place
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (p.nextToken() == JsonToken.START_OBJECT && object(p, "", 0, w)) {
        Header header = w.header();
        if (header != null) {
          return header;
        }
      }
    } catch (IOException | RuntimeException treeDecides) {
      // not JSON, too deep, a duplicate key: the tree path decides, as it always did
    }
    w.undo();
    return null;
  }

  /** The fields of the object whose start was just read; false when the tree must do it. */
  private boolean object(JsonParser p, String prefix, int depth, Walk w) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      w.path[depth] = name;
      if (!value(p, p.nextToken(), prefix, name, depth, true, w)) {
        return false;
      }
    }
    return true;
  }

  private boolean array(JsonParser p, String prefix, int depth, Walk w) throws IOException {
    w.path[depth] = null;
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (w.full()) {
        return false;
      }
      if (!value(p, t, prefix, Integer.toString(index++), depth, false, w)) {
        return false;
      }
    }
    return true;
  }

  /**
   * One value, as {@code JsonLines.put} takes it: containers flattened below the depth and key
   * length limits and kept whole as JSON beyond them, null skipped, any other value as its text.
   */
  private boolean value(
      JsonParser p, JsonToken t, String prefix, String name, int depth, boolean inObject, Walk w)
      throws IOException {
    String key = prefix.isEmpty() ? name : prefix + "." + name;
    boolean header = inObject && w.isHeader(name, depth);
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      if (header) {
        w.capture(
            name, depth, t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode());
      }
      if (depth + 1 >= maxDepth || key.length() > maxKeyChars) {
        if (w.headerBelow(depth + 1)) {
          return false;
        }
        JsonNode whole = Json.mapper().readTree(p);
        return whole.isEmpty() || w.add(key, whole.toString());
      }
      return t == JsonToken.START_OBJECT
          ? object(p, key, depth + 1, w)
          : array(p, key, depth + 1, w);
    }
    if (t == JsonToken.VALUE_STRING && !header) {
      return w.add(key, p.getText());
    }
    JsonNode scalar = scalar(p, t);
    if (header) {
      w.capture(name, depth, scalar);
      if (depth == 0 && scalar.isTextual() && messageKeys.contains(name)) {
        w.messageFields.add(name);
      }
    }
    return scalar.isNull() || w.add(key, scalar.asText());
  }

  /** The node the tree would hold for a scalar token (as Jackson's tree deserializer makes it). */
  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IllegalStateException("not a scalar: " + t);
    }
  }

  /** One line's walk: where it is, what it added to the draft, the header values met. */
  private final class Walk {
    private final Draft d;
    private final List<String> added = new ArrayList<>();
    private final String[] path = new String[Json.MAX_NESTING_DEPTH + 1];
    private final ObjectNode top = NODES.objectNode();
    private final Map<String, JsonNode> nested = new HashMap<>(4);

    /** Top-level text fields named by a message key, flattened like any other until the end. */
    private final List<String> messageFields = new ArrayList<>(2);

    Walk(Draft d) {
      this.d = d;
    }

    /**
     * One field more, unless the tree would have met the field limit or a key already there (with
     * the message key's own field still in, the draft holds one more field than the tree's).
     */
    boolean add(String key, String value) {
      if (d.fields.size() >= maxFields - 1) {
        return false;
      }
      String stored = d.newField(key, value);
      if (stored == null) {
        return false;
      }
      added.add(stored);
      return true;
    }

    boolean full() {
      return d.fields.size() >= maxFields - 1;
    }

    boolean isHeader(String name, int depth) {
      if (depth == 0) {
        return headerKeys.contains(name);
      }
      return dottedIndex(name, depth) >= 0;
    }

    void capture(String name, int depth, JsonNode value) {
      if (depth == 0) {
        top.set(name, value);
      } else {
        nested.put(dotted.get(dottedIndex(name, depth)), value);
      }
    }

    /** The dotted header key whose path ends with {@code name} at {@code depth} here, or -1. */
    private int dottedIndex(String name, int depth) {
      for (int i = 0; i < dottedPaths.size(); i++) {
        String[] segments = dottedPaths.get(i);
        if (segments.length == depth + 1
            && segments[depth].equals(name)
            && under(segments, depth)) {
          return i;
        }
      }
      return -1;
    }

    /** Whether a dotted header key points into the container kept whole at {@code depth}. */
    boolean headerBelow(int depth) {
      for (String[] segments : dottedPaths) {
        if (segments.length > depth && under(segments, depth)) {
          return true;
        }
      }
      return false;
    }

    private boolean under(String[] segments, int depth) {
      for (int i = 0; i < depth; i++) {
        if (!segments[i].equals(path[i])) {
          return false;
        }
      }
      return true;
    }

    /** The header, the message key's field taken out; null when the line is the tree's to read. */
    Header header() {
      if (LambdaLines.isPlatformRecord(top) || EventBridgeLines.isEvent(top)) {
        return null;
      }
      String messageKey = null;
      for (String key : messageKeys) {
        JsonNode v = top.get(key);
        if (v != null && v.isTextual()) {
          messageKey = key;
          break;
        }
      }
      if (messageKey != null && messageFields.contains(messageKey)) {
        d.fields.remove(messageKey);
        added.remove(messageKey);
      }
      return new Header(top, nested, messageKey);
    }

    void undo() {
      for (String key : added) {
        d.fields.remove(key);
      }
      added.clear();
    }
  }
}
