package io.cpesentinel.detect.config;

/** A detection setting that is missing, unknown or out of range; the message names the key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static <T> T required(T value, String key) {
    if (value == null) {
      throw new ConfigException(key + ": required");
    }
    return value;
  }

  static java.time.Duration positive(java.time.Duration value, String key) {
    required(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(key + ": must be a positive duration (was " + value + ")");
    }
    return value;
  }

  static int atLeast(int value, int min, String key) {
    if (value < min) {
      throw new ConfigException(key + ": must be >= " + min + " (was " + value + ")");
    }
    return value;
  }

  static double atLeast(double value, double min, String key) {
    if (!(value >= min)) {
      throw new ConfigException(key + ": must be >= " + min + " (was " + value + ")");
    }
    return value;
  }
}
