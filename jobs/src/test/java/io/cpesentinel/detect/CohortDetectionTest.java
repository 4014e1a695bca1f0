package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.state.CohortState;
import io.cpesentinel.detect.state.OpenIncident;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.SubjectType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cohort windows and the fleet comparison with the shipped settings (1-minute buckets, 10-minute
 * windows, at least 50 active devices, 5% minimum share, 5x concentration).
 */
class CohortDetectionTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = Fixtures.T0;

  private final DetectionConfig config = ConfigFiles.defaults().config();
  private final CohortDetector detector = new CohortDetector(config.cohort());
  private final CohortComparator comparator = new CohortComparator(config);
  private final Map<String, CohortState> cohorts = new LinkedHashMap<>();
  private final Map<String, OpenIncident> open = new HashMap<>();
  private final List<Alert> alerts = new ArrayList<>();
  private long minute;

  @Test
  void bootWaveInOneCohortIsOneMassRebootIncidentResolvedWhenItCalmsDown() {
    fleetOf(4, 200);
    quietMinutes(20);

    bootsInMinute("cohort-0", 40);
    quietMinutes(1);
    assertThat(alerts).as("waiting for confirmation").isEmpty();
    quietMinutes(1);
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.getRuleId()).isEqualTo("mass-reboot");
    assertThat(alert.getSubjectType()).isEqualTo(SubjectType.COHORT);
    assertThat(alert.getSubjectKey()).isEqualTo("productClass=cohort-0");
    assertThat(alert.getEvidence().getCounts())
        .containsEntry("unexpectedBoots", 40L)
        .containsEntry("activeDevices", 200L);

    bootsInMinute("cohort-0", 30);
    quietMinutes(8);
    assertThat(alerts).as("one incident while the wave lasts").hasSize(1);

    quietMinutes(15);
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alerts.get(1).getAlertId()).isEqualTo(alert.getAlertId());
  }

  @Test
  void powerOutageRebootingEveryCohortWithinMinutesIsNotASecurityIncident() {
    fleetOf(4, 200);
    quietMinutes(20);

    // Power returns: cohorts come back one after another, a minute apart.
    for (int c = 0; c < 4; c++) {
      bootsInMinute("cohort-" + c, 150);
    }
    quietMinutes(15);

    assertThat(alerts).isEmpty();
  }

  @Test
  void cohortTooSmallToJudgeNeverAlerts() {
    fleetOf(3, 200);
    cohortOf("tiny", 20);
    quietMinutes(20);

    bootsInMinute("tiny", 20);
    quietMinutes(5);

    assertThat(alerts).isEmpty();
  }

  @Test
  void aCohortThatAlwaysRebootsALittleNeedsMoreThanItsUsualToAlert() {
    fleetOf(3, 1000);
    cohortOf("flaky", 1000);
    for (int i = 0; i < 20; i++) {
      bootsInMinute("flaky", 8 + (i % 3));
    }
    assertThat(alerts).as("a steady 8-10%% rate is this cohort's normal").isEmpty();

    bootsInMinute("flaky", 200);
    quietMinutes(2);
    assertThat(alerts).extracting(Alert::getSubjectKey).containsExactly("productClass=flaky");
  }

  @Test
  void devicesLeavingLaterInEventTimeStillCountForEarlierWindowsWhateverTheArrivalOrder() {
    CohortState state = CohortDetector.newState();
    for (int d = 0; d < 100; d++) {
      detector.onSignal(state, new CohortSignal("c", CohortSignal.Kind.ACTIVE, T0, "d" + d));
    }
    for (int d = 0; d < 30; d++) {
      detector.onSignal(
          state,
          new CohortSignal("c", CohortSignal.Kind.UNEXPECTED_BOOT, T0 + 5 * MINUTE, "d" + d));
    }
    // On a backlog the devices' inactivity (30 minutes later) arrives before the windows run.
    for (int d = 0; d < 100; d++) {
      detector.onSignal(
          state, new CohortSignal("c", CohortSignal.Kind.INACTIVE, T0 + 35 * MINUTE, "d" + d));
    }

    CohortWindowStat stat = detector.evaluate(state, "c", T0 + 6 * MINUTE).get(0);

    assertThat(stat.active).isEqualTo(100);
    assertThat(stat.count).isEqualTo(30);
    assertThat(detector.evaluate(state, "c", T0 + 36 * MINUTE).get(0).active).isZero();
  }

  @Test
  void statesOfCohortsThatEmptiedAreIdle() {
    CohortState state = CohortDetector.newState();
    detector.onSignal(state, new CohortSignal("c", CohortSignal.Kind.ACTIVE, T0, "d"));
    detector.onSignal(state, new CohortSignal("c", CohortSignal.Kind.UNEXPECTED_BOOT, T0, "d"));
    detector.onSignal(state, new CohortSignal("c", CohortSignal.Kind.INACTIVE, T0 + MINUTE, "d"));
    assertThat(detector.idle(state)).isFalse();

    detector.evaluate(state, "c", T0 + 20 * MINUTE);
    assertThat(detector.idle(state)).isTrue();
    assertThat(
            detector.onSignal(
                state, new CohortSignal("c", CohortSignal.Kind.UNEXPECTED_BOOT, T0, "d")))
        .as("a signal older than every open window is late")
        .isFalse();
  }

  private void fleetOf(int count, int devices) {
    for (int c = 0; c < count; c++) {
      cohortOf("cohort-" + c, devices);
    }
  }

  private void cohortOf(String name, int devices) {
    CohortState state = CohortDetector.newState();
    for (int d = 0; d < devices; d++) {
      detector.onSignal(state, new CohortSignal(key(name), CohortSignal.Kind.ACTIVE, T0, name + d));
    }
    cohorts.put(key(name), state);
  }

  private void bootsInMinute(String name, int boots) {
    long at = T0 + minute * MINUTE + 1;
    for (int b = 0; b < boots; b++) {
      detector.onSignal(
          cohorts.get(key(name)),
          new CohortSignal(key(name), CohortSignal.Kind.UNEXPECTED_BOOT, at, name + b));
    }
    endMinute();
  }

  private void quietMinutes(int minutes) {
    for (int i = 0; i < minutes; i++) {
      endMinute();
    }
  }

  /** What the Flink wrappers do at each bucket end: every cohort's stats, then the comparison. */
  private void endMinute() {
    minute++;
    long windowEnd = T0 + minute * MINUTE;
    List<CohortWindowStat> boots = new ArrayList<>();
    cohorts.forEach(
        (key, state) ->
            detector.evaluate(state, key, windowEnd).stream()
                .filter(s -> s.kind == CohortSignal.Kind.UNEXPECTED_BOOT)
                .forEach(boots::add));
    alerts.addAll(comparator.evaluate(CohortSignal.Kind.UNEXPECTED_BOOT, windowEnd, boots, open));
  }

  private static String key(String productClass) {
    return "productClass=" + productClass;
  }
}
