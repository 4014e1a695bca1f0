package io.cpesentinel.delivery.pagerduty;

/** Waits; injected so rate-limiting tests run on a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleepNanos(long nanos) throws InterruptedException;

  /** The real thing. */
  static Sleeper system() {
    return nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
  }
}
