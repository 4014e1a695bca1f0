package io.cpesentinel.detect.config;

import io.cpesentinel.config.ConfigException;
import java.time.Duration;

/** Range checks of the detection settings' constructors; keys relative to their record. */
final class Limits {
  private Limits() {}

  static Duration positive(Duration value, String key) {
    ConfigException.required(value, key);
    ConfigException.require(
        !value.isNegative() && !value.isZero(),
        key,
        "must be a positive duration (was " + value + ")");
    return value;
  }

  static int atLeast(int value, int min, String key) {
    ConfigException.require(value >= min, key, "must be >= " + min + " (was " + value + ")");
    return value;
  }

  static double atLeast(double value, double min, String key) {
    ConfigException.require(value >= min, key, "must be >= " + min + " (was " + value + ")");
    return value;
  }
}
