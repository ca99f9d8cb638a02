package dev.correlate.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Firehose HTTP-endpoint request body {@code {"requestId", "timestamp", "records": [{"data": "<base64>"}]}},
 * read with a streaming parser so that a 64 MiB body is never held twice: {@link #validate} checks the whole
 * envelope first (a malformed one is refused before anything is sent), {@link #forEachRecord} then hands over
 * each {@code data} in order.
 */
final class FirehoseRequest {
  private static final JsonFactory FACTORY = Json.mapper().getFactory();

  /** The envelope is not a Firehose request. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private FirehoseRequest() {}

  /** Checks the envelope and returns its {@code requestId}. */
  static String validate(byte[] body) throws Malformed {
    String requestId = null;
    boolean records = false;
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "body is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "requestId" -> {
            expect(value == JsonToken.VALUE_STRING, "requestId is not a string");
            requestId = p.getText();
          }
          case "timestamp" -> expect(value == JsonToken.VALUE_NUMBER_INT, "timestamp is not an integer");
          case "records" -> {
            expect(value == JsonToken.START_ARRAY, "records is not an array");
            records = true;
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              expect(p.currentToken() == JsonToken.START_OBJECT, "records[" + i + "] is not an object");
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
      expect(p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null, "trailing content after the object");
    } catch (IOException e) {
      throw new Malformed("body is not valid JSON: " + e.getMessage());
    }
    expect(requestId != null, "requestId is missing");
    expect(records, "records is missing");
    return requestId;
  }

  /** Hands each record's {@code data} to {@code consumer}, in order; the body must have passed {@link #validate}. */
  static void forEachRecord(byte[] body, Consumer<String> consumer) {
    try (JsonParser p = FACTORY.createParser(body)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!"records".equals(field)) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
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
    expect(attributes.isObject(), "X-Amz-Firehose-Common-Attributes has no commonAttributes object");
    Map<String, String> out = new LinkedHashMap<>();
    attributes.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static void expect(boolean condition, String message) throws Malformed {
    if (!condition) {
      throw new Malformed(message);
    }
  }
}
