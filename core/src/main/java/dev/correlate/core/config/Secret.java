package dev.correlate.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Objects;

/**
 * A credential read from configuration (an API token, an access key). Its {@link #toString()} is
 * redacted, so a settings record that holds it can be logged; only {@link #value()} reveals it, to
 * the code that uses it.
 *
 * @param value the credential itself
 */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Whether {@code presented} equals one of {@code secrets}, in constant time: every secret is
   * compared in full, so timing tells neither how much of a secret matched nor which one did.
   */
  public static boolean matchesAny(Collection<Secret> secrets, String presented) {
    if (presented == null) {
      return false;
    }
    byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (Secret secret : secrets) {
      match |= MessageDigest.isEqual(secret.value.getBytes(StandardCharsets.UTF_8), candidate);
    }
    return match;
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
