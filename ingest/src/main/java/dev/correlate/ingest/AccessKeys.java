package dev.correlate.ingest;

import dev.correlate.core.config.Secret;
import java.util.List;

/**
 * The Firehose access keys accepted, several at once during a rotation. Comparison is constant-time
 * and visits every configured key, so timing tells nothing about a key or about which one matched.
 */
final class AccessKeys {
  private final List<Secret> keys;

  AccessKeys(List<Secret> keys) {
    this.keys = List.copyOf(keys);
  }

  boolean required() {
    return !keys.isEmpty();
  }

  boolean accepts(String presented) {
    return keys.isEmpty() || Secret.matchesAny(keys, presented);
  }
}
