package io.cpesentinel.sim.demo;

import io.cpesentinel.sim.score.AlertDoc;
import io.cpesentinel.sim.transport.FleetStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The demo's progress line: devices, Informs/s since the last line, alerts so far by rule. */
final class Progress {
  private final FleetStats stats;
  private final long start;
  private long lastAt;
  private long lastAccepted;

  Progress(FleetStats stats, long start) {
    this.stats = stats;
    this.start = start;
    this.lastAt = start;
  }

  String line(
      long now, int devices, List<AlertDoc> alerts, int injected, List<String> stoppedJobs) {
    long accepted = stats.informsAccepted.sum();
    double rate = (accepted - lastAccepted) * 1000.0 / Math.max(1, now - lastAt);
    lastAt = now;
    lastAccepted = accepted;
    Map<String, Integer> byRule = new TreeMap<>();
    for (AlertDoc alert : alerts) {
      byRule.merge(alert.ruleId(), 1, Integer::sum);
    }
    return String.format(
        "  t+%3ds  devices %,d  Informs %,d (%.0f/s, %d in flight%s)  ACS events %,d  scenarios %d  alerts %d %s%s",
        (now - start) / 1000,
        devices,
        accepted,
        rate,
        stats.inFlight.get(),
        stats.informsLost.sum() > 0 ? ", " + stats.informsLost.sum() + " lost" : "",
        stats.acsEventsAccepted.sum(),
        injected,
        alerts.size(),
        byRule.isEmpty() ? "" : byRule.toString(),
        stoppedJobs.isEmpty() ? "" : "  JOB STOPPED: " + stoppedJobs);
  }
}
