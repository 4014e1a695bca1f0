package io.cpesentinel.delivery.common;

import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.event.ExecutionAttemptedEvent;
import io.cpesentinel.delivery.config.RetrySettings;
import org.slf4j.Logger;

/**
 * The one retry shape every destination uses: exponential backoff with jitter, without limit unless
 * configured, logged at the first failed attempt and then every tenth, so a long outage is visible
 * without flooding the log. Callers add what to retry ({@code handle}, {@code handleResultIf}).
 */
public final class Retries {
  private static final int LOG_EVERY = 10;

  private Retries() {}

  public static <R> RetryPolicyBuilder<R> backoff(
      RetrySettings settings, String destination, Logger log) {
    RetryPolicyBuilder<R> builder =
        RetryPolicy.<R>builder()
            .withBackoff(settings.initialBackoff(), settings.maxBackoff())
            .withJitter(0.1)
            .withMaxRetries(-1)
            .onFailedAttempt(event -> logAttempt(event, destination, log));
    if (!settings.maxDuration().isZero()) {
      builder.withMaxDuration(settings.maxDuration());
    }
    return builder;
  }

  private static <R> void logAttempt(
      ExecutionAttemptedEvent<R> event, String destination, Logger log) {
    int attempt = event.getAttemptCount();
    if (attempt == 1 || attempt % LOG_EVERY == 0) {
      Object why =
          event.getLastException() != null ? event.getLastException() : event.getLastResult();
      log.warn(
          "{}: attempt {} failed, retrying with backoff ({} so far): {}",
          destination,
          attempt,
          event.getElapsedTime(),
          why);
    }
  }
}
