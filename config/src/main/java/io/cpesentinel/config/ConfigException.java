package io.cpesentinel.config;

/**
 * A configuration the product refuses to start with. It names the file, the offending key as a
 * dotted path from the top of the file ({@code cwmp.limits.maxBodyBytes}, {@code
 * pagerduty.routes[0].routingKey}) and the reason, so an operator can fix the file without reading
 * code. It never carries a secret's value.
 *
 * <p>Validation inside a config record throws it with the key relative to that record; {@link
 * StrictYaml} puts the record's own path and the file in front.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String key;
  private final String reason;

  public ConfigException(String key, String reason) {
    this("", key, reason, null);
  }

  public ConfigException(String key, String reason, Throwable cause) {
    this("", key, reason, cause);
  }

  private ConfigException(String source, String key, String reason, Throwable cause) {
    super(message(source, key, reason), cause);
    this.source = source;
    this.key = key;
    this.reason = reason;
  }

  private static String message(String source, String key, String reason) {
    StringBuilder message = new StringBuilder();
    if (!source.isEmpty()) {
      message.append(source).append(": ");
    }
    if (!key.isEmpty()) {
      message.append(key).append(": ");
    }
    return message.append(reason).toString();
  }

  /** The dotted path of the key, empty when the problem is the file as a whole. */
  public String key() {
    return key;
  }

  public String reason() {
    return reason;
  }

  /** The same problem, seen from an enclosing section: {@code prefix.key}. */
  public ConfigException under(String prefix) {
    if (prefix.isEmpty()) {
      return this;
    }
    String path = key.isEmpty() ? prefix : key.startsWith("[") ? prefix + key : prefix + "." + key;
    return new ConfigException(source, path, reason, getCause());
  }

  /** The same problem, in the file (or other source) called {@code name}. */
  public ConfigException in(String name) {
    return new ConfigException(name, key, reason, getCause());
  }

  public static void require(boolean condition, String key, String reason) {
    if (!condition) {
      throw new ConfigException(key, reason);
    }
  }

  /** {@code value}, unless it is null or a blank string. */
  public static <T> T required(T value, String key) {
    require(value != null && !(value instanceof String s && s.isBlank()), key, "is required");
    return value;
  }
}
