package io.cpesentinel.sim.transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the fleet sent and what the ingest (or Kafka) accepted. */
public final class FleetStats {
  public final LongAdder informsSent = new LongAdder();
  public final LongAdder informsAccepted = new LongAdder();

  /** Attempts the ingest answered with an error or that failed; they are retried. */
  public final LongAdder informsRefused = new LongAdder();

  /** Informs given up after every retry. */
  public final LongAdder informsLost = new LongAdder();

  public final LongAdder acsEventsAccepted = new LongAdder();
  public final LongAdder acsEventsLost = new LongAdder();
  public final AtomicLong inFlight = new AtomicLong();

  /** Times the scheduler waited because too many sessions were open. */
  public final LongAdder throttled = new LongAdder();
}
