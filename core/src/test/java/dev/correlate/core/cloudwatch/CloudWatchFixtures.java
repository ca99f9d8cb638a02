package dev.correlate.core.cloudwatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The CloudWatch test vectors under {@code /cloudwatch} (shipped in core's test jar, so ingest's
 * tests read the same files through the same loader), and gzip for payloads a test builds itself.
 */
public final class CloudWatchFixtures {
  private CloudWatchFixtures() {}

  /** The bytes of fixture {@code name}; a missing fixture fails the test that asked for it. */
  public static byte[] bytes(String name) {
    try (InputStream in = CloudWatchFixtures.class.getResourceAsStream("/cloudwatch/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /cloudwatch/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text fixture (base64 payloads, JSON documents) without its trailing newline. */
  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8).trim();
  }

  /** {@code bytes} as one gzip member, as CloudWatch Logs sends a subscription payload. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
