package io.cpesentinel.delivery.common;

import java.util.function.LongSupplier;

/**
 * A token bucket over an injected nanosecond clock, so tests control time. Permits refill evenly
 * ({@code permitsPerMinute} a minute) up to a small burst. A caller reserves a permit and is told
 * how long to wait before using it; waiting is the caller's business (the sink writer blocks, which
 * back-pressures the job). Failsafe's rate limiter would do, but cannot be given a clock.
 */
public final class TokenBucket {
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;

  private final LongSupplier nanoClock;
  private final long nanosPerPermit;
  private final long burstNanos;
  private long nextFreeNanos;

  /**
   * @param permitsPerMinute sustained rate
   * @param burst permits that may be taken back to back after a quiet spell (at least 1)
   * @param nanoClock e.g. {@code System::nanoTime}
   */
  public TokenBucket(int permitsPerMinute, int burst, LongSupplier nanoClock) {
    if (permitsPerMinute <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.nanoClock = nanoClock;
    this.nanosPerPermit = NANOS_PER_MINUTE / permitsPerMinute;
    this.burstNanos = nanosPerPermit * (burst - 1);
    this.nextFreeNanos = nanoClock.getAsLong() - burstNanos;
  }

  /** Takes one permit; returns how many nanoseconds to wait before using it (0 = now). */
  public synchronized long reserve() {
    long now = nanoClock.getAsLong();
    long earliest = Math.max(nextFreeNanos, now - burstNanos);
    nextFreeNanos = earliest + nanosPerPermit;
    return Math.max(0, earliest - now);
  }
}
