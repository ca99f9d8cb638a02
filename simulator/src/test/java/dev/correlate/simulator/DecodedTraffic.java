package dev.correlate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Firehose request bodies decoded with nothing but the JDK and Jackson (independent of Correlate's
 * own decoder): base64 → gzip → JSON, one subscription document per record.
 */
final class DecodedTraffic {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One decoded subscription event with where it came from. */
  record Event(
      int request, String logGroup, String logStream, String id, long timestamp, String message) {}

  /** One decoded request. */
  record Request(
      int index, String requestId, long timestamp, String body, List<JsonNode> documents) {}

  final List<Request> requests = new ArrayList<>();
  final List<Event> events = new ArrayList<>();

  DecodedTraffic(List<String> bodies) {
    for (String body : bodies) {
      Request request = decode(requests.size(), body);
      requests.add(request);
      for (JsonNode doc : request.documents()) {
        if ("DATA_MESSAGE".equals(doc.get("messageType").asText())) {
          for (JsonNode e : doc.get("logEvents")) {
            events.add(
                new Event(
                    request.index(),
                    doc.get("logGroup").asText(),
                    doc.get("logStream").asText(),
                    e.get("id").asText(),
                    e.get("timestamp").asLong(),
                    e.get("message").asText()));
          }
        }
      }
    }
  }

  static Request decode(int index, String body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      List<JsonNode> documents = new ArrayList<>();
      for (JsonNode record : root.get("records")) {
        byte[] gz = Base64.getDecoder().decode(record.get("data").asText());
        assertThat(gz[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        assertThat(gz[1] & 0xff).as("gzip magic").isEqualTo(0x8b);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
          documents.add(MAPPER.readTree(in.readAllBytes()));
        }
      }
      return new Request(
          index, root.get("requestId").asText(), root.get("timestamp").asLong(), body, documents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
