package dev.correlate.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The Firehose HTTP-endpoint request body {@code {"requestId", "timestamp", "records": [{"data":
 * "<base64>"}]}}, read with a streaming parser so that a 64 MiB body is never held twice: {@link
 * #validate} checks the whole envelope first (a malformed one is refused before anything is sent),
 * {@link #forEachRecord} then hands over each {@code data} in order. Strings a response or every
 * event repeats are bounded: the request id to {@link #MAX_REQUEST_ID_CHARS} characters (Firehose's
 * are UUIDs), the common attributes to Firehose's own limits (names of 256 characters, values of 1
 * 024).
 */
final class FirehoseRequest {
  /**
   * Longest request id accepted, in the body or a header; it is echoed and copied onto every event.
   */
  static final int MAX_REQUEST_ID_CHARS = 256;

  static final int MAX_ATTRIBUTE_NAME_CHARS = 256;
  static final int MAX_ATTRIBUTE_VALUE_CHARS = 1024;
  private static final JsonFactory FACTORY = Json.mapper().getFactory();

  /** The envelope is not a Firehose request. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private FirehoseRequest() {}

  /** Checks the envelope in {@code body[0, length)} and returns its {@code requestId}. */
  static String validate(byte[] body, int length) throws Malformed {
    String requestId = null;
    boolean records = false;
    try (JsonParser p = FACTORY.createParser(body, 0, length)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "body is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "requestId" -> {
            expect(value == JsonToken.VALUE_STRING, "requestId is not a string");
            expect(
                p.getTextLength() <= MAX_REQUEST_ID_CHARS,
                "requestId is longer than " + MAX_REQUEST_ID_CHARS + " characters");
            requestId = p.getText();
          }
          case "timestamp" ->
              expect(value == JsonToken.VALUE_NUMBER_INT, "timestamp is not an integer");
          case "records" -> {
            expect(value == JsonToken.START_ARRAY, "records is not an array");
            records = true;
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              expect(
                  p.currentToken() == JsonToken.START_OBJECT,
                  "records[" + i + "] is not an object");
              boolean data = false;
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                JsonToken v = p.nextToken();
                if ("data".equals(p.currentName())) {
                  expect(v == JsonToken.VALUE_STRING, "records[" + i + "].data is not a string");
                  data = true;
                } else {
                  p.skipChildren();
                }
              }
              expect(data, "records[" + i + "] has no data");
              i++;
            }
          }
          default -> p.skipChildren();
        }
      }
      expect(
          p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null,
          "trailing content after the object");
    } catch (IOException e) {
      throw new Malformed("body is not valid JSON: " + e.getMessage());
    }
    expect(requestId != null, "requestId is missing");
    expect(records, "records is missing");
    return requestId;
  }

  /**
   * Hands each record's {@code data} to {@code consumer}, in order, while {@code more} holds; the
   * body must have passed {@link #validate}.
   */
  static void forEachRecord(
      byte[] body, int length, BooleanSupplier more, Consumer<String> consumer) {
    try (JsonParser p = FACTORY.createParser(body, 0, length)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!"records".equals(field)) {
          p.skipChildren();
          continue;
        }
        while (more.getAsBoolean() && p.nextToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean data = "data".equals(p.currentName());
            p.nextToken();
            if (data) {
              consumer.accept(p.getText());
            } else {
              p.skipChildren();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("body changed after validation", e);
    }
  }

  /**
   * Parses {@code X-Amz-Firehose-Common-Attributes}: {@code {"commonAttributes": {"k": "v", ...}}}.
   * Absent or blank is empty.
   */
  static Map<String, String> commonAttributes(String header) throws Malformed {
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(header);
    } catch (IOException e) {
      throw new Malformed("X-Amz-Firehose-Common-Attributes is not JSON");
    }
    JsonNode attributes = root.path("commonAttributes");
    expect(
        attributes.isObject(), "X-Amz-Firehose-Common-Attributes has no commonAttributes object");
    Map<String, String> out = new LinkedHashMap<>();
    for (var it = attributes.fields(); it.hasNext(); ) {
      var e = it.next();
      String value = e.getValue().asText();
      expect(
          !e.getKey().isEmpty()
              && e.getKey().length() <= MAX_ATTRIBUTE_NAME_CHARS
              && value.length() <= MAX_ATTRIBUTE_VALUE_CHARS,
          "X-Amz-Firehose-Common-Attributes: names are 1 to "
              + MAX_ATTRIBUTE_NAME_CHARS
              + " characters, values at most "
              + MAX_ATTRIBUTE_VALUE_CHARS);
      out.put(e.getKey(), value);
    }
    return out;
  }

  private static void expect(boolean condition, String message) throws Malformed {
    if (!condition) {
      throw new Malformed(message);
    }
  }
}
