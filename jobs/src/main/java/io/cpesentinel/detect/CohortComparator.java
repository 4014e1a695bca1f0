package io.cpesentinel.detect;

import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.state.OpenIncident;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decides which anomalous cohorts are incidents. A cohort whose rate is up against its own baseline
 * alerts only if it also stands out from the rest of the fleet by the configured concentration
 * factor: a Mirai-style wave hits one model and firmware, a regional power outage reboots every
 * cohort at once and is not a security incident. One incident per cohort, RESOLVED after the
 * configured number of quiet windows. Plain Java over the open incidents.
 */
public final class CohortComparator {
  private final DetectionConfig config;
  private final long bucket;

  public CohortComparator(DetectionConfig config) {
    this.config = config;
    this.bucket = config.cohort().bucket().toMillis();
  }

  /**
   * Evaluates all cohorts' stats of one kind for the window ending at {@code windowEnd}; updates
   * {@code open} (cohort key → incident) and returns the alerts to send.
   */
  public List<Alert> evaluate(
      CohortSignal.Kind kind,
      long windowEnd,
      List<CohortWindowStat> stats,
      Map<String, OpenIncident> open) {
    long totalCount = 0;
    long totalActive = 0;
    for (CohortWindowStat stat : stats) {
      totalCount += stat.count;
      totalActive += stat.active;
    }
    List<Alert> alerts = new ArrayList<>();
    List<String> incidentNow = new ArrayList<>();
    for (CohortWindowStat stat : stats) {
      if (!stat.anomalous) {
        continue;
      }
      long restActive = totalActive - stat.active;
      double restShare = restActive == 0 ? 0.0 : (double) (totalCount - stat.count) / restActive;
      if (restActive > 0 && stat.share() < config.cohort().concentration() * restShare) {
        continue; // the whole fleet is up: not this cohort's incident
      }
      incidentNow.add(stat.cohortKey);
      OpenIncident incident = open.get(stat.cohortKey);
      if (incident == null) {
        long start = windowEnd - config.cohort().window().toMillis();
        incident =
            OpenIncident.newBuilder()
                .setAlertId(AlertIds.of(ruleId(kind), stat.cohortKey, start))
                .setRuleId(ruleId(kind))
                .setWindowStart(start)
                .setLastSeen(windowEnd)
                .setResolvable(true)
                .setFired(false)
                .setConfirmations(0)
                .setChanges(new ArrayList<>())
                .build();
        open.put(stat.cohortKey, incident);
      }
      incident.setLastSeen(windowEnd);
      incident.setConfirmations(incident.getConfirmations() + 1);
      if (!incident.getFired() && incident.getConfirmations() >= config.cohort().confirmWindows()) {
        incident.setFired(true);
        alerts.add(alert(kind, stat, restShare, incident, AlertStatus.FIRING));
      }
    }
    Iterator<Map.Entry<String, OpenIncident>> it = open.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, OpenIncident> entry = it.next();
      OpenIncident incident = entry.getValue();
      boolean quietLongEnough =
          windowEnd - incident.getLastSeen() >= config.cohort().quietWindowsToResolve() * bucket;
      if (incidentNow.contains(entry.getKey())) {
        continue;
      }
      if (!incident.getFired()) {
        it.remove(); // a candidate that did not hold up: never alerted, nothing to resolve
      } else if (quietLongEnough) {
        CohortWindowStat last = statOf(stats, entry.getKey(), kind, windowEnd);
        alerts.add(alert(kind, last, Double.NaN, incident, AlertStatus.RESOLVED));
        it.remove();
      }
    }
    return alerts;
  }

  /** Next time open incidents need a look even if no stats arrive, or Long.MAX_VALUE. */
  public long nextCheck(long windowEnd, Map<String, OpenIncident> open) {
    return open.isEmpty() ? Long.MAX_VALUE : windowEnd + bucket;
  }

  static String ruleId(CohortSignal.Kind kind) {
    return switch (kind) {
      case UNEXPECTED_BOOT -> "mass-reboot";
      case AUTH_FAILURE -> "auth-failure-spike";
      default -> throw new IllegalArgumentException("no cohort rule for " + kind);
    };
  }

  private static CohortWindowStat statOf(
      List<CohortWindowStat> stats, String cohortKey, CohortSignal.Kind kind, long windowEnd) {
    for (CohortWindowStat stat : stats) {
      if (stat.cohortKey.equals(cohortKey)) {
        return stat;
      }
    }
    CohortWindowStat quiet = new CohortWindowStat();
    quiet.cohortKey = cohortKey;
    quiet.kind = kind;
    quiet.windowEnd = windowEnd;
    return quiet;
  }

  private Alert alert(
      CohortSignal.Kind kind,
      CohortWindowStat stat,
      double restShare,
      OpenIncident incident,
      AlertStatus status) {
    boolean boots = kind == CohortSignal.Kind.UNEXPECTED_BOOT;
    String what = boots ? "rebooted without an ACS reboot" : "failed to authenticate";
    String title =
        String.format(
            "%s in cohort %s: %d of %d active devices %s within %s",
            boots ? "Mass reboot" : "Authentication-failure spike",
            stat.cohortKey,
            stat.count,
            stat.active,
            what,
            config.cohort().window());
    Evidence.Builder evidence =
        Evidence.newBuilder()
            .setCounts(
                Map.of(
                    boots ? "unexpectedBoots" : "failingDevices",
                    stat.count,
                    "activeDevices",
                    stat.active))
            .setBaseline(stat.baselineMedian)
            .setObserved(stat.share());
    if (!Double.isNaN(restShare)) {
      evidence.setDetails(Map.of("restOfFleetShare", String.format("%.5f", restShare)));
    }
    return Alert.newBuilder()
        .setAlertId(incident.getAlertId())
        .setRuleId(incident.getRuleId())
        .setRuleVersion(config.version())
        .setStatus(status)
        .setSeverity(boots ? Severity.CRITICAL : Severity.HIGH)
        .setTitle(title)
        .setDescription(
            boots
                ? "Unexpected boots (1 BOOT without M Reboot or an ACS Reboot) concentrated in one"
                    + " cohort, far above its baseline and the rest of the fleet: botnet"
                    + " infection or a crashing firmware."
                : "A share of the cohort's devices failing CWMP authentication far above its"
                    + " baseline and the rest of the fleet: credential stuffing.")
        .setSubjectType(SubjectType.COHORT)
        .setSubjectKey(stat.cohortKey)
        .setCohort(CohortKeys.dimensions(stat.cohortKey))
        .setWindowStart(Instant.ofEpochMilli(incident.getWindowStart()))
        .setWindowEnd(Instant.ofEpochMilli(Math.max(stat.windowEnd, incident.getLastSeen())))
        .setFirstSeen(Instant.ofEpochMilli(incident.getWindowStart()))
        .setLastSeen(Instant.ofEpochMilli(incident.getLastSeen()))
        .setEvidence(evidence.build())
        .setRecommendedAction(
            boots
                ? "Check the cohort's exposure (TR-069 port 7547, WAN UI) and firmware; consider"
                    + " blocking the management port at the edge."
                : "Look at the failing source addresses; rate-limit or block them at the ACS.")
        .build();
  }
}
