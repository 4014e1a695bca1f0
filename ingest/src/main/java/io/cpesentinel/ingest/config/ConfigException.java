package io.cpesentinel.ingest.config;

/**
 * The configuration cannot be used. The message names the key (as a dotted path) and the reason, so
 * the operator can fix the file without reading code; it never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
