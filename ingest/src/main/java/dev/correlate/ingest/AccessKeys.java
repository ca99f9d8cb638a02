package dev.correlate.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The Firehose access keys accepted, several at once during a rotation. Comparison is constant-time and visits
 * every configured key, so timing tells nothing about a key or about which one matched.
 */
final class AccessKeys {
  private final List<byte[]> keys;

  AccessKeys(List<String> keys) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  boolean required() {
    return !keys.isEmpty();
  }

  boolean accepts(String presented) {
    if (keys.isEmpty()) {
      return true;
    }
    if (presented == null) {
      return false;
    }
    byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] key : keys) {
      match |= MessageDigest.isEqual(key, candidate);
    }
    return match;
  }
}
