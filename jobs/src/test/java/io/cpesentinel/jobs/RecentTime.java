package io.cpesentinel.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An event-time origin for records that go through a real broker. Kafka rolls and deletes segments
 * by record timestamp (7-day retention on the contract topics), so fixtures stamped with a fixed
 * past date could vanish in the middle of a test; a recent whole hour cannot.
 */
public final class RecentTime {
  private RecentTime() {}

  /** The start of the hour {@code hoursAgo} hours before now. */
  public static long hoursAgo(int hoursAgo) {
    return Instant.now()
        .minus(Duration.ofHours(hoursAgo))
        .truncatedTo(ChronoUnit.HOURS)
        .toEpochMilli();
  }
}
