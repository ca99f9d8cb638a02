package dev.correlate.core.config;

/**
 * A configuration value that cannot be used; the message starts with the variable and its value.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
