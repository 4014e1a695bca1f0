package io.cpesentinel.delivery.config;

/**
 * A configuration the job refuses to start with. It names the offending key (as a dotted path from
 * the top of the file) and the reason, so an operator can fix the file without reading code.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String reason;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
    this.reason = reason;
  }

  public String key() {
    return key;
  }

  public String reason() {
    return reason;
  }

  /** The same problem, seen from an enclosing section: {@code prefix.key}. */
  public ConfigException under(String prefix) {
    return new ConfigException(prefix.isEmpty() ? key : prefix + "." + key, reason);
  }

  static void require(boolean condition, String key, String reason) {
    if (!condition) {
      throw new ConfigException(key, reason);
    }
  }

  static <T> T required(T value, String key) {
    require(value != null, key, "is required");
    return value;
  }
}
