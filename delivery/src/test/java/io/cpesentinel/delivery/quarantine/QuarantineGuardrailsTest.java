package io.cpesentinel.delivery.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.config.SecretRef;
import io.cpesentinel.delivery.config.AllowlistSettings;
import io.cpesentinel.delivery.config.QuarantineSettings;
import io.cpesentinel.delivery.config.WebhookSettings;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineGuardrailsTest {
  private final InMemoryLedger ledger = new InMemoryLedger();

  private static QuarantineSettings settings(
      boolean dryRun, int perMinute, int perCohort, AllowlistSettings allowlist) {
    return new QuarantineSettings(
        dryRun,
        Severity.HIGH,
        perMinute,
        perCohort,
        0.5,
        null,
        allowlist,
        new WebhookSettings(URI.create("https://acs.isp.example/hook"), SecretRef.fromEnv("X")),
        null,
        null);
  }

  private static QuarantineSettings enforcing() {
    return settings(false, 3, 100, null);
  }

  private static Alert alert(String serial, Instant lastSeen) {
    return Alerts.acsHijack("a-" + serial, serial).setLastSeen(lastSeen).build();
  }

  @Test
  void dryRunIsTheDefaultAndDecidesWithoutCarryingOut() {
    QuarantineSettings defaults =
        new QuarantineSettings(null, null, null, null, null, null, null, null, null, null);
    QuarantineGuardrails guardrails = new QuarantineGuardrails(defaults);

    GuardrailDecision decision = guardrails.onAlert(alert("S1", Alerts.T0), ledger);

    assertThat(defaults.isDryRun()).isTrue();
    assertThat(decision.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind).isEqualTo(ActionKind.QUARANTINE);
              assertThat(a.outcome).isEqualTo(Outcome.DRY_RUN);
              assertThat(a.dryRun).isTrue();
            });
  }

  @Test
  void anEligibleCriticalDeviceAlertQuarantinesOnceAndItsResolutionReleases() {
    QuarantineGuardrails guardrails = new QuarantineGuardrails(enforcing());
    Alert firing = alert("S1", Alerts.T0);

    QuarantineAction quarantine = guardrails.onAlert(firing, ledger).actions().get(0);
    GuardrailDecision update = guardrails.onAlert(firing, ledger);
    Alert resolved = Alert.newBuilder(firing).setStatus(AlertStatus.RESOLVED).build();
    QuarantineAction release = guardrails.onAlert(resolved, ledger).actions().get(0);

    assertThat(quarantine.kind).isEqualTo(ActionKind.QUARANTINE);
    assertThat(quarantine.outcome).isEqualTo(Outcome.PENDING);
    assertThat(quarantine.deviceKey).isEqualTo("0012AB-HGW%2D5000-S1");
    assertThat(update.actions()).isEmpty();
    assertThat(release.kind).isEqualTo(ActionKind.RELEASE);
    assertThat(release.trigger).isEqualTo("incident-resolved");
    assertThat(release.actionId).isNotEqualTo(quarantine.actionId);
    assertThat(ledger.quarantinedDevices()).isZero();
  }

  @Test
  void theSameAlertAlwaysGetsTheSameActionIdSoReplaysAreIdempotent() {
    String first =
        new QuarantineGuardrails(enforcing())
            .onAlert(alert("S1", Alerts.T0), new InMemoryLedger())
            .actions()
            .get(0)
            .actionId;
    String replayed =
        new QuarantineGuardrails(enforcing())
            .onAlert(alert("S1", Alerts.T0), new InMemoryLedger())
            .actions()
            .get(0)
            .actionId;

    assertThat(replayed).isEqualTo(first);
  }

  @Test
  void ineligibleRulesAreNoCandidatesAndLeaveNoAuditEntry() {
    Alert ineligible = Alerts.acsHijack("a-1", "S1").setQuarantineEligible(false).build();

    assertThat(new QuarantineGuardrails(enforcing()).onAlert(ineligible, ledger).actions())
        .isEmpty();
  }

  @Test
  void eachGuardrailWithholdsWithItsReason() {
    QuarantineSettings settings =
        settings(
            false,
            3,
            100,
            new AllowlistSettings(
                List.of("0012AB-HGW%2D5000-LAB"), List.of(Map.of("region", "lab"))));
    QuarantineGuardrails guardrails = new QuarantineGuardrails(settings);
    Alert low = Alerts.acsHijack("a-low", "S1").setSeverity(Severity.MEDIUM).build();
    Alert labDevice = Alerts.acsHijack("a-lab", "LAB").build();
    Alert labCohort =
        Alerts.acsHijack("a-region", "S2").setCohort(Map.of("region", "lab", "x", "y")).build();
    Alert cohortAlert =
        Alerts.acsHijack("a-cohort", "S3")
            .setSubjectType(SubjectType.COHORT)
            .setSubjectKey("productClass=HGW-5000")
            .setDeviceId(null)
            .build();

    assertThat(withheldBy(guardrails, low)).isEqualTo(Guardrail.BELOW_MIN_SEVERITY);
    assertThat(withheldBy(guardrails, labDevice)).isEqualTo(Guardrail.ALLOWLISTED_DEVICE);
    assertThat(withheldBy(guardrails, labCohort)).isEqualTo(Guardrail.ALLOWLISTED_COHORT);
    assertThat(withheldBy(guardrails, cohortAlert)).isEqualTo(Guardrail.NOT_A_DEVICE);
    assertThat(ledger.quarantinedDevices()).isZero();
  }

  private Guardrail withheldBy(QuarantineGuardrails guardrails, Alert alert) {
    QuarantineAction action = guardrails.onAlert(alert, ledger).actions().get(0);
    assertThat(action.kind).isEqualTo(ActionKind.WITHHELD);
    assertThat(action.outcome).isEqualTo(Outcome.RECORDED);
    return action.guardrail;
  }

  @Test
  void aStormQuarantinesAtMostTheCapTripsTheBreakerOncePagesAndWithholdsTheRest() {
    QuarantineGuardrails guardrails = new QuarantineGuardrails(enforcing());
    List<QuarantineAction> actions = new ArrayList<>();
    List<Alert> pages = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      GuardrailDecision d = guardrails.onAlert(alert("S" + i, Alerts.T0.plusMillis(i)), ledger);
      actions.addAll(d.actions());
      pages.addAll(d.pages());
    }

    assertThat(actions).hasSize(1000);
    assertThat(actions).filteredOn(a -> a.kind == ActionKind.QUARANTINE).hasSize(3);
    assertThat(actions)
        .filteredOn(a -> a.kind == ActionKind.BREAKER_TRIPPED)
        .singleElement()
        .satisfies(a -> assertThat(a.guardrail).isEqualTo(Guardrail.RATE_CAP));
    assertThat(actions)
        .filteredOn(a -> a.guardrail == Guardrail.BREAKER_OPEN)
        .hasSize(1000 - 3 - 1);
    assertThat(pages)
        .singleElement()
        .satisfies(
            page -> {
              assertThat(page.getSeverity()).isEqualTo(Severity.CRITICAL);
              assertThat(page.getRuleId()).isEqualTo(BreakerPage.RULE_ID);
              assertThat(page.getStatus()).isEqualTo(AlertStatus.FIRING);
            });
  }

  @Test
  void theRateCapCountsAMinuteOfAlertTimeNotTheWallClock() {
    QuarantineGuardrails guardrails = new QuarantineGuardrails(enforcing());
    for (int i = 0; i < 3; i++) {
      guardrails.onAlert(alert("S" + i, Alerts.T0.plusSeconds(i)), ledger);
    }

    GuardrailDecision aMinuteLater =
        guardrails.onAlert(alert("S9", Alerts.T0.plusSeconds(61)), ledger);

    assertThat(aMinuteLater.actions().get(0).kind).isEqualTo(ActionKind.QUARANTINE);
    assertThat(aMinuteLater.pages()).isEmpty();
  }

  @Test
  void theCohortCapIsTheSmallerOfTheAbsoluteCapAndTheShareOfTheCohort() {
    QuarantineGuardrails guardrails = new QuarantineGuardrails(settings(false, 100, 5, null));
    List<QuarantineAction> actions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Alert small =
          Alerts.acsHijack("a-" + i, "S" + i)
              .setLastSeen(Alerts.T0.plusSeconds(i * 120))
              .setEvidence(Evidence.newBuilder().setCounts(Map.of("activeDevices", 4L)).build())
              .build();
      actions.addAll(guardrails.onAlert(small, ledger).actions());
    }

    // share 0.5 of 4 devices = 2
    assertThat(actions).filteredOn(a -> a.kind == ActionKind.QUARANTINE).hasSize(2);
    assertThat(actions)
        .filteredOn(a -> a.kind == ActionKind.BREAKER_TRIPPED)
        .singleElement()
        .satisfies(a -> assertThat(a.guardrail).isEqualTo(Guardrail.COHORT_CAP));
  }

  @Test
  void anOperatorReleasesADeviceAndReArmsTheBreakerWhichResolvesThePage() {
    QuarantineGuardrails guardrails = new QuarantineGuardrails(settings(false, 1, 100, null));
    guardrails.onAlert(alert("S1", Alerts.T0), ledger);
    Alert page = guardrails.onAlert(alert("S2", Alerts.T0), ledger).pages().get(0);
    Instant later = Alerts.T0.plusSeconds(3600);

    QuarantineAction release =
        guardrails
            .onCommand(
                new OperatorCommand(
                    "c-1",
                    OperatorCommand.Action.RELEASE,
                    "0012AB-HGW%2D5000-S1",
                    "alice",
                    "false positive"),
                "c-1",
                later,
                ledger)
            .actions()
            .get(0);
    GuardrailDecision rearm =
        guardrails.onCommand(
            new OperatorCommand("c-2", OperatorCommand.Action.REARM, null, "alice", null),
            "c-2",
            later,
            ledger);
    GuardrailDecision afterRearm = guardrails.onAlert(alert("S3", later.plusSeconds(5)), ledger);

    assertThat(release.kind).isEqualTo(ActionKind.RELEASE);
    assertThat(release.operator).isEqualTo("alice");
    assertThat(release.alertId).isEqualTo("a-S1");
    assertThat(rearm.actions().get(0).kind).isEqualTo(ActionKind.BREAKER_REARMED);
    assertThat(rearm.pages())
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.getAlertId()).isEqualTo(page.getAlertId());
              assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
              assertThat(resolved.getWindowStart()).isEqualTo(page.getWindowStart());
            });
    assertThat(afterRearm.actions().get(0).kind).isEqualTo(ActionKind.QUARANTINE);
  }
}
