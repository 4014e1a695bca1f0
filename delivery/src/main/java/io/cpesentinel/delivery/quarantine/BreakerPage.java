package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The alert that pages a human when a quarantine cap trips the breaker, and resolves when an
 * operator re-arms it. It is an ordinary {@link Alert}, so it reaches PagerDuty through the same
 * routing as every other alert and shows in the SOC's Kibana too.
 */
final class BreakerPage {
  /** Rule id of the page; route it in {@code pagerduty.routes} like any rule. */
  static final String RULE_ID = "quarantine.breaker";

  private BreakerPage() {}

  static Alert tripped(
      String pageId, Guardrail cap, String detail, Alert trigger, int quarantinesLastMinute) {
    Instant at = trigger.getLastSeen();
    return Alert.newBuilder()
        .setAlertId(pageId)
        .setRuleId(RULE_ID)
        .setRuleVersion("1")
        .setStatus(AlertStatus.FIRING)
        .setSeverity(Severity.CRITICAL)
        .setTitle("Quarantine breaker tripped (" + cap + "): quarantines stopped, review needed")
        .setDescription(detail)
        .setSubjectType(SubjectType.CAMPAIGN)
        .setSubjectKey("quarantine-breaker")
        .setCohort(trigger.getCohort())
        .setWindowStart(at)
        .setWindowEnd(at)
        .setFirstSeen(at)
        .setLastSeen(at)
        .setEvidence(
            Evidence.newBuilder()
                .setCounts(Map.of("quarantinesLastMinute", (long) quarantinesLastMinute))
                .setDetails(
                    Map.of(
                        "triggerAlertId", trigger.getAlertId(),
                        "triggerRuleId", trigger.getRuleId(),
                        "guardrail", cap.name()))
                .build())
        .setRecommendedAction(
            "Review the quarantine audit (cpe-quarantine-audit-*), release false positives, then"
                + " send {\"action\":\"rearm\",\"operator\":\"<you>\"} to the commands topic")
        .setQuarantineEligible(false)
        .setTags(List.of("quarantine"))
        .build();
  }

  static Alert resolved(BreakerTrip trip, Instant at) {
    Instant tripped = Instant.ofEpochMilli(trip.trippedAtMillis);
    return Alert.newBuilder()
        .setAlertId(trip.pageAlertId)
        .setRuleId(RULE_ID)
        .setRuleVersion("1")
        .setStatus(AlertStatus.RESOLVED)
        .setSeverity(Severity.CRITICAL)
        .setTitle("Quarantine breaker (" + trip.cap + ") re-armed by an operator")
        .setSubjectType(SubjectType.CAMPAIGN)
        .setSubjectKey("quarantine-breaker")
        .setWindowStart(tripped)
        .setWindowEnd(tripped)
        .setFirstSeen(tripped)
        .setLastSeen(at)
        .setEvidence(Evidence.newBuilder().build())
        .setTags(List.of("quarantine"))
        .build();
  }
}
