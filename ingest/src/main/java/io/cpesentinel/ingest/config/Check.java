package io.cpesentinel.ingest.config;

import io.cpesentinel.config.ConfigException;
import java.time.Duration;

/**
 * Validation helpers for the config records' constructors. A failure is a {@link ConfigException}
 * with the key relative to its record ({@code maxBodyBytes}); reading the file puts the path of the
 * record in front.
 */
final class Check {
  private Check() {}

  static int range(String key, Integer value, int fallback, int min, int max) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + " (was " + v + ")");
    }
    return v;
  }

  static long range(String key, Long value, long fallback, long min, long max) {
    long v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + " (was " + v + ")");
    }
    return v;
  }

  static Duration range(String key, Duration value, Duration fallback, Duration min, Duration max) {
    Duration v = value == null ? fallback : value;
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw new ConfigException(key, "must be between " + min + " and " + max + " (was " + v + ")");
    }
    return v;
  }

  static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
