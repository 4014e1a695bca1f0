package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.delivery.common.AlertSubjects;
import io.cpesentinel.delivery.common.CohortKey;
import io.cpesentinel.delivery.config.AllowlistSettings;
import io.cpesentinel.delivery.config.QuarantineSettings;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an alert may quarantine its device, and when a quarantine is released. Plain
 * Java, no Flink, no clock: every time it uses is the alert's own ({@code lastSeen}) or the
 * command's, so a replay decides the same way.
 *
 * <p>In order: only alerts of rules marked quarantine-eligible, about one device, at or above the
 * minimum severity, not on the allowlist (device or cohort), not already quarantined; then the
 * caps. Reaching a cap (per minute of alert time, per cohort, per cohort share) trips a breaker:
 * that quarantine and every later one is withheld and one page goes to a human, until an operator
 * re-arms. So a false-positive storm quarantines at most the cap. Every withheld quarantine of an
 * eligible alert is recorded for the audit. Alerts of ineligible rules are not candidates at all
 * and leave no audit entry.
 *
 * <p>In dry-run mode the same decisions are taken and remembered (so the audit shows exactly what
 * enforcement would have done, caps included), marked {@link Outcome#DRY_RUN} and never carried
 * out.
 */
public final class QuarantineGuardrails implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MINUTE_MILLIS = 60_000;

  /** Evidence counts that say how many devices a cohort has, in order of preference. */
  private static final String[] COHORT_SIZE_COUNTS = {"cohortSize", "activeDevices"};

  private final QuarantineSettings settings;

  public QuarantineGuardrails(QuarantineSettings settings) {
    this.settings = settings;
  }

  public GuardrailDecision onAlert(Alert alert, QuarantineLedger ledger) {
    String device = AlertSubjects.deviceKey(alert);
    if (alert.getStatus() == AlertStatus.RESOLVED) {
      return releaseIfQuarantinedBy(alert, device, ledger);
    }
    if (!alert.getQuarantineEligible()) {
      return GuardrailDecision.none();
    }
    if (device == null) {
      return withhold(alert, null, Guardrail.NOT_A_DEVICE, "the alert is not about one device");
    }
    if (alert.getSeverity().compareTo(settings.minSeverity()) < 0) {
      return withhold(
          alert,
          device,
          Guardrail.BELOW_MIN_SEVERITY,
          "severity " + alert.getSeverity() + " is below the minimum " + settings.minSeverity());
    }
    AllowlistSettings allowlist = settings.allowlist();
    if (allowlist.devices().contains(device)) {
      return withhold(alert, device, Guardrail.ALLOWLISTED_DEVICE, "the device is allowlisted");
    }
    for (Map<String, String> cohort : allowlist.cohorts()) {
      if (alert.getCohort().entrySet().containsAll(cohort.entrySet())) {
        return withhold(
            alert, device, Guardrail.ALLOWLISTED_COHORT, "the cohort matches allowlist " + cohort);
      }
    }
    if (ledger.quarantined(device).isPresent()) {
      return GuardrailDecision.none();
    }
    Optional<BreakerTrip> breaker = ledger.breaker();
    if (breaker.isPresent()) {
      return withhold(
          alert,
          device,
          Guardrail.BREAKER_OPEN,
          "the breaker tripped ("
              + breaker.get().cap
              + ") and has not been re-armed; page "
              + breaker.get().pageAlertId);
    }
    long at = alert.getLastSeen().toEpochMilli();
    int lastMinute = ledger.quarantinesInWindow(at, MINUTE_MILLIS);
    if (lastMinute >= settings.maxPerMinute()) {
      return trip(
          alert,
          device,
          Guardrail.RATE_CAP,
          lastMinute
              + " quarantines in the last minute reached maxPerMinute "
              + settings.maxPerMinute(),
          lastMinute,
          ledger);
    }
    String cohort = CohortKey.of(alert.getCohort());
    int inCohort = ledger.quarantinedInCohort(cohort);
    int cohortCap = cohortCap(alert);
    if (inCohort >= cohortCap) {
      return trip(
          alert,
          device,
          Guardrail.COHORT_CAP,
          inCohort
              + " devices of cohort "
              + cohort
              + " already quarantined; the cap is "
              + cohortCap,
          lastMinute,
          ledger);
    }
    ledger.addQuarantine(device, new Quarantined(alert.getAlertId(), cohort, at));
    QuarantineAction action =
        action(
            alert, device, ActionKind.QUARANTINE, "alert", ActionIds.of(alert.getAlertId(), "Q"));
    action.outcome = settings.isDryRun() ? Outcome.DRY_RUN : Outcome.PENDING;
    action.detail = "quarantine for rule " + alert.getRuleId() + " (" + alert.getSeverity() + ")";
    return GuardrailDecision.of(action);
  }

  public GuardrailDecision onCommand(
      OperatorCommand command, String commandId, Instant at, QuarantineLedger ledger) {
    return switch (command.action()) {
      case RELEASE -> {
        Optional<Quarantined> was = ledger.quarantined(command.deviceKey());
        ledger.removeQuarantine(command.deviceKey());
        QuarantineAction release = new QuarantineAction();
        release.actionId = ActionIds.of("command", commandId);
        release.kind = ActionKind.RELEASE;
        release.outcome = settings.isDryRun() ? Outcome.DRY_RUN : Outcome.PENDING;
        release.deviceKey = command.deviceKey();
        release.cohortKey = was.map(q -> q.cohortKey).orElse(null);
        release.alertId = was.map(q -> q.alertId).orElse(null);
        release.trigger = "operator";
        release.operator = command.operator();
        release.atMillis = at.toEpochMilli();
        release.dryRun = settings.isDryRun();
        release.detail =
            "released by "
                + command.operator()
                + (command.reason() == null ? "" : ": " + command.reason());
        yield GuardrailDecision.of(release);
      }
      case REARM -> {
        Optional<BreakerTrip> trip = ledger.breaker();
        ledger.rearmBreaker();
        QuarantineAction rearm = new QuarantineAction();
        rearm.actionId = ActionIds.of("command", commandId);
        rearm.kind = ActionKind.BREAKER_REARMED;
        rearm.outcome = Outcome.RECORDED;
        rearm.trigger = "operator";
        rearm.operator = command.operator();
        rearm.atMillis = at.toEpochMilli();
        rearm.dryRun = settings.isDryRun();
        rearm.detail =
            trip.isPresent()
                ? "breaker (" + trip.get().cap + ") re-armed by " + command.operator()
                : "re-arm by " + command.operator() + ": the breaker was not tripped";
        yield trip.map(
                t -> new GuardrailDecision(List.of(rearm), List.of(BreakerPage.resolved(t, at))))
            .orElse(GuardrailDecision.of(rearm));
      }
    };
  }

  /** Records an operator command that could not be read, so it is not lost without a trace. */
  public QuarantineAction rejectedCommand(String commandId, String reason, Instant at) {
    QuarantineAction rejected = new QuarantineAction();
    rejected.actionId = ActionIds.of("command", commandId);
    rejected.kind = ActionKind.COMMAND_REJECTED;
    rejected.outcome = Outcome.RECORDED;
    rejected.trigger = "operator";
    rejected.atMillis = at.toEpochMilli();
    rejected.dryRun = settings.isDryRun();
    rejected.detail = "command " + commandId + " not understood: " + reason;
    return rejected;
  }

  private GuardrailDecision releaseIfQuarantinedBy(
      Alert alert, String device, QuarantineLedger ledger) {
    if (device == null) {
      return GuardrailDecision.none();
    }
    Optional<Quarantined> quarantined = ledger.quarantined(device);
    if (quarantined.isEmpty() || !quarantined.get().alertId.equals(alert.getAlertId())) {
      return GuardrailDecision.none();
    }
    ledger.removeQuarantine(device);
    QuarantineAction release =
        action(
            alert,
            device,
            ActionKind.RELEASE,
            "incident-resolved",
            ActionIds.of(alert.getAlertId(), "R"));
    release.outcome = settings.isDryRun() ? Outcome.DRY_RUN : Outcome.PENDING;
    release.detail = "incident " + alert.getAlertId() + " resolved";
    return GuardrailDecision.of(release);
  }

  private GuardrailDecision withhold(Alert alert, String device, Guardrail guardrail, String why) {
    QuarantineAction withheld =
        action(alert, device, ActionKind.WITHHELD, "alert", ActionIds.of(alert.getAlertId(), "W"));
    withheld.outcome = Outcome.RECORDED;
    withheld.guardrail = guardrail;
    withheld.detail = why;
    return GuardrailDecision.of(withheld);
  }

  private GuardrailDecision trip(
      Alert alert,
      String device,
      Guardrail cap,
      String why,
      int lastMinute,
      QuarantineLedger ledger) {
    String pageId = "quarantine-breaker-" + ActionIds.of(alert.getAlertId(), "B");
    ledger.tripBreaker(new BreakerTrip(pageId, alert.getLastSeen().toEpochMilli(), cap));
    QuarantineAction tripped =
        action(
            alert,
            device,
            ActionKind.BREAKER_TRIPPED,
            "alert",
            ActionIds.of(alert.getAlertId(), "T"));
    tripped.outcome = Outcome.RECORDED;
    tripped.guardrail = cap;
    tripped.detail =
        why + "; this and later quarantines are withheld until re-armed; paged " + pageId;
    return new GuardrailDecision(
        List.of(tripped),
        List.of(BreakerPage.tripped(pageId, cap, tripped.detail, alert, lastMinute)));
  }

  private int cohortCap(Alert alert) {
    Map<String, Long> counts = alert.getEvidence().getCounts();
    for (String name : COHORT_SIZE_COUNTS) {
      Long size = counts.get(name);
      if (size != null && size > 0) {
        long share = Math.max(1, (long) Math.floor(size * settings.maxCohortShare()));
        return (int) Math.min(settings.maxPerCohort(), share);
      }
    }
    return settings.maxPerCohort();
  }

  private QuarantineAction action(
      Alert alert, String device, ActionKind kind, String trigger, String actionId) {
    QuarantineAction action = new QuarantineAction();
    action.actionId = actionId;
    action.kind = kind;
    action.deviceKey = device;
    action.cohortKey = CohortKey.of(alert.getCohort());
    action.alertId = alert.getAlertId();
    action.ruleId = alert.getRuleId();
    action.severity = alert.getSeverity().name();
    action.trigger = trigger;
    action.atMillis = alert.getLastSeen().toEpochMilli();
    action.dryRun = settings.isDryRun();
    return action;
  }
}
