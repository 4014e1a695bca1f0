package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import java.io.Serializable;
import java.time.Duration;

/**
 * How long and how patiently a destination is retried on errors that can go away (HTTP 429, 5xx,
 * connection errors). Exponential backoff from {@code initialBackoff} to {@code maxBackoff}; {@code
 * maxDuration} zero means "until it works", which is what lets the job back-pressure through an
 * outage instead of dropping alerts.
 */
public record RetrySettings(Duration initialBackoff, Duration maxBackoff, Duration maxDuration)
    implements Serializable {
  private static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
  private static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

  /** Half a second doubling up to 30 s, without limit. */
  public static final RetrySettings DEFAULT = new RetrySettings(null, null, null);

  public RetrySettings {
    initialBackoff = initialBackoff == null ? DEFAULT_INITIAL : initialBackoff;
    maxBackoff = maxBackoff == null ? DEFAULT_MAX : maxBackoff;
    maxDuration = maxDuration == null ? Duration.ZERO : maxDuration;
    ConfigException.require(
        !initialBackoff.isNegative() && !initialBackoff.isZero(),
        "initialBackoff",
        "must be positive");
    ConfigException.require(
        maxBackoff.compareTo(initialBackoff) > 0, "maxBackoff", "must be above initialBackoff");
    ConfigException.require(
        !maxDuration.isNegative(), "maxDuration", "must be zero (no limit) or positive");
  }
}
