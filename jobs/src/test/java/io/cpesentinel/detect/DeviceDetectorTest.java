package io.cpesentinel.detect;

import static io.cpesentinel.detect.Fixtures.KEY;
import static io.cpesentinel.detect.Fixtures.acs;
import static io.cpesentinel.detect.Fixtures.inform;
import static io.cpesentinel.detect.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.Fixtures.Collected;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.state.DeviceClock;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.ValueChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-device detectors with the shipped rules, driven by explicit event times. */
class DeviceDetectorTest {
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String ACS_URL = "Device.ManagementServer.URL";

  private final DeviceDetector detector = new DeviceDetector(ConfigFiles.defaults());
  private final InformSlimmer slimmer = new InformSlimmer(ConfigFiles.defaults());
  private final DeviceState state = DeviceDetector.newState(KEY);
  private final Collected out = new Collected();

  @Test
  void unsolicitedDnsChangeAlertsAfterTheGracePeriodWithOldAndNewValue() {
    informAt(0, DNS, "192.0.2.53");
    informAt(10, DNS, "203.0.113.66");

    detector.onTimer(state, minutes(10.5), out);
    assertThat(out.alerts).as("still within the grace period").isEmpty();

    detector.onTimer(state, minutes(11), out);
    assertThat(out.alerts).hasSize(1);
    Alert alert = out.alerts.get(0);
    assertThat(alert.getRuleId()).isEqualTo("critical-parameter-change");
    assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.getSubjectKey()).isEqualTo(KEY);
    assertThat(alert.getEvidence().getChanges())
        .extracting(ValueChange::getParameter, ValueChange::getOldValue, ValueChange::getNewValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dns.wan-server", "192.0.2.53", "203.0.113.66"));
    assertThat(alert.getEvidence().getEventIds()).containsExactly("inf-" + minutes(10));
    assertThat(alert.getWindowStart().toEpochMilli()).isEqualTo(minutes(10));
    assertThat(out.adoptions)
        .singleElement()
        .satisfies(a -> assertThat(a.key).isEqualTo("dns.wan-server=203.0.113.66"));
  }

  @Test
  void changeTheAcsAskedForIsRecordedNotAlerted() {
    informAt(0, DNS, "192.0.2.53");
    detector.onAcsEvent(
        state,
        acs(minutes(9), AcsEventKind.SET_PARAMETER_VALUES, "dns-3", DNS, "198.51.100.1"),
        minutes(9),
        out);
    informAt(10, DNS, "198.51.100.1");

    detector.onTimer(state, minutes(20), out);

    assertThat(out.alerts).isEmpty();
    assertThat(out.adoptions).as("an ACS-initiated change is no campaign").isEmpty();
    assertThat(CriticalValues.get(state, "dns.wan-server#1")).isEqualTo("198.51.100.1");
  }

  @Test
  void lateAcsEventWithinTheGracePeriodStillExplainsTheChange() {
    informAt(0, DNS, "192.0.2.53");
    informAt(10, DNS, "198.51.100.1");
    detector.onAcsEvent(
        state,
        acs(minutes(9.9), AcsEventKind.SET_PARAMETER_VALUES, "dns-3", DNS, "198.51.100.1"),
        minutes(10.2),
        out);

    detector.onTimer(state, minutes(20), out);

    assertThat(out.alerts).isEmpty();
  }

  @Test
  void aParameterKeyTheAcsSetExplainsTheChangesReportedWithIt() {
    informAt(0, DNS, "192.0.2.53");
    detector.onAcsEvent(
        state,
        acs(minutes(5), AcsEventKind.SET_PARAMETER_VALUES, "pk-77", "Device.Other", "x"),
        minutes(5),
        out);
    informAt(6, DNS, "198.51.100.9", "Device.ManagementServer.ParameterKey", "pk-77");

    detector.onTimer(state, minutes(20), out);

    assertThat(out.alerts).isEmpty();
  }

  @Test
  void anAcsTaskOlderThanItsTtlExplainsNothing() {
    informAt(0, DNS, "192.0.2.53");
    detector.onAcsEvent(
        state,
        acs(minutes(1), AcsEventKind.SET_PARAMETER_VALUES, "dns-3", DNS, "198.51.100.1"),
        minutes(1),
        out);
    informAt(60, DNS, "198.51.100.1");

    detector.onTimer(state, minutes(70), out);

    assertThat(out.alerts)
        .extracting(Alert::getRuleId)
        .containsExactly("critical-parameter-change");
  }

  @Test
  void allowlistedResolverAndFirstSightingDoNotAlert() {
    informAt(0, DNS, "203.0.113.66");
    informAt(10, DNS, "192.0.2.54");

    detector.onTimer(state, minutes(30), out);

    assertThat(out.alerts).isEmpty();
  }

  @Test
  void firmwareChangeNeedsADownloadBehindIt() {
    informAt(0);
    detector.onAcsEvent(state, acs(minutes(5), AcsEventKind.DOWNLOAD, "fw-9"), minutes(5), out);
    informAt(10, "Device.DeviceInfo.SoftwareVersion", "5.5.0");
    detector.onTimer(state, minutes(15), out);
    assertThat(out.alerts).as("planned rollout").isEmpty();

    informAt(24 * 60, "Device.DeviceInfo.SoftwareVersion", "6.6.6");
    detector.onTimer(state, minutes(24 * 60 + 5), out);
    assertThat(out.alerts).hasSize(1);
    assertThat(out.alerts.get(0).getEvidence().getChanges().get(0).getParameter())
        .isEqualTo("firmware.version");
  }

  @Test
  void transferCompleteOfAnAcsDownloadExplainsAFirmwareChange() {
    informAt(0);
    onInform(
        detector,
        state,
        inform(
            minutes(10),
            List.of("7 TRANSFER COMPLETE", "M Download:fw-9", "1 BOOT"),
            "Device.DeviceInfo.SoftwareVersion",
            "5.5.0"),
        minutes(10),
        out);

    detector.onTimer(state, minutes(20), out);

    assertThat(out.alerts).isEmpty();
  }

  @Test
  void customerChangingTheWifiPassphraseIsRecordedOnly() {
    informAt(0, "Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "hmac-sha256:aa");
    informAt(10, "Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "hmac-sha256:bb");

    detector.onTimer(state, minutes(30), out);

    assertThat(out.alerts).isEmpty();
    assertThat(CriticalValues.get(state, "wifi.passphrase#1")).isEqualTo("hmac-sha256:bb");
  }

  @Test
  void postureFindingFiresOnceResolvesWhenFixedAndFiresAgainWhenItComesBack() {
    informAt(0, ACS_URL, "http://acs.isp.example/");
    informAt(10, ACS_URL, "http://acs.isp.example/");
    assertThat(out.alerts).hasSize(1);
    Alert first = out.alerts.get(0);
    assertThat(first.getRuleId()).isEqualTo("posture.plain-http-management");
    assertThat(first.getStatus()).isEqualTo(AlertStatus.FIRING);

    detector.onAcsEvent(
        state,
        acs(
            minutes(19),
            AcsEventKind.SET_PARAMETER_VALUES,
            "k",
            ACS_URL,
            "https://acs.isp.example/"),
        minutes(19),
        out);
    informAt(20, ACS_URL, "https://acs.isp.example/");
    assertThat(out.alerts).hasSize(2);
    assertThat(out.alerts.get(1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(out.alerts.get(1).getAlertId()).isEqualTo(first.getAlertId());

    detector.onAcsEvent(
        state,
        acs(
            minutes(29),
            AcsEventKind.SET_PARAMETER_VALUES,
            "k2",
            ACS_URL,
            "http://acs.isp.example/"),
        minutes(29),
        out);
    informAt(30, ACS_URL, "http://acs.isp.example/");
    assertThat(out.alerts).hasSize(3);
    assertThat(out.alerts.get(2).getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(out.alerts.get(2).getAlertId()).isNotEqualTo(first.getAlertId());
  }

  @Test
  void tr098OpenWifiNeedsBothConditionsOnTheSameAccessPoint() {
    String wlan1 = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.";
    String wlan2 = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.";
    informAt(
        0,
        wlan1 + "BeaconType",
        "Basic",
        wlan2 + "BasicEncryptionModes",
        "None",
        wlan1 + "BasicEncryptionModes",
        "WEPEncryption",
        wlan2 + "BeaconType",
        "11i");

    assertThat(out.alerts).hasSize(1);
    assertThat(out.alerts.get(0).getRuleId()).isEqualTo("posture.wifi-open-or-wep-tr098");
    assertThat(out.alerts.get(0).getSubjectKey()).isEqualTo(KEY + "#1.1");
  }

  @Test
  void rebootLoopAlertsAndUnexpectedBootsAreSignalledToTheCohort() {
    informAt(0);
    for (int i = 1; i <= 4; i++) {
      onInform(detector, state, inform(minutes(i * 5), List.of("1 BOOT")), minutes(i * 5), out);
    }
    assertThat(out.alerts).isEmpty();
    onInform(detector, state, inform(minutes(25), List.of("1 BOOT")), minutes(25), out);

    assertThat(out.alerts).extracting(Alert::getRuleId).containsExactly("reboot-loop");
    assertThat(out.signals).filteredOn(s -> s.kind == CohortSignal.Kind.UNEXPECTED_BOOT).hasSize(5);
  }

  @Test
  void bootOrderedByTheAcsThroughRebootOrFirmwareDownloadIsNotUnexpected() {
    informAt(0);
    onInform(
        detector, state, inform(minutes(5), List.of("1 BOOT", "M Reboot:rb-1")), minutes(5), out);
    detector.onAcsEvent(state, acs(minutes(9), AcsEventKind.REBOOT, "rb-2"), minutes(9), out);
    onInform(detector, state, inform(minutes(10), List.of("1 BOOT")), minutes(10), out);
    onInform(
        detector,
        state,
        inform(minutes(15), List.of("1 BOOT", "7 TRANSFER COMPLETE", "M Download:fw-1")),
        minutes(15),
        out);
    detector.onAcsEvent(state, acs(minutes(80), AcsEventKind.DOWNLOAD, "fw-2"), minutes(80), out);
    onInform(detector, state, inform(minutes(85), List.of("1 BOOT")), minutes(85), out);

    assertThat(out.signals).noneMatch(s -> s.kind == CohortSignal.Kind.UNEXPECTED_BOOT);
  }

  @Test
  void burstOfFailedAuthenticationsAlertsOnceAndSignalsTheCohortOncePerWindow() {
    informAt(0);
    for (int i = 0; i < 12; i++) {
      detector.onAcsEvent(
          state,
          acs(minutes(1 + i * 0.2), AcsEventKind.AUTH_FAILURE, null),
          minutes(1 + i * 0.2),
          out);
    }

    assertThat(out.alerts).extracting(Alert::getRuleId).containsOnly("auth-burst-device");
    assertThat(out.alerts)
        .extracting(Alert::getAlertId)
        .containsOnly(out.alerts.get(0).getAlertId());
    assertThat(out.signals).filteredOn(s -> s.kind == CohortSignal.Kind.AUTH_FAILURE).hasSize(1);
  }

  @Test
  void authFailureSeenBeforeTheDevicesFirstInformIsSignalledOnceItsCohortIsKnown() {
    detector.onAcsEvent(state, acs(minutes(35), AcsEventKind.AUTH_FAILURE, null), minutes(35), out);
    assertThat(out.signals).isEmpty();

    informAt(3);

    assertThat(out.signals)
        .extracting(s -> s.kind + "@" + s.at)
        .containsExactly("ACTIVE@" + minutes(3), "AUTH_FAILURE@" + minutes(35));
  }

  @Test
  void acsUrlChangeThenBootstrapThenSilenceIsAHijack() {
    informAt(
        0,
        ACS_URL,
        "https://acs.isp.example/",
        "Device.ManagementServer.PeriodicInformInterval",
        "600");
    informAt(10, ACS_URL, "https://evil.example/");
    detector.onTimer(state, minutes(11), out);
    onInform(
        detector,
        state,
        inform(minutes(12), List.of("0 BOOTSTRAP"), ACS_URL, "https://evil.example/"),
        minutes(12),
        out);

    detector.onTimer(state, minutes(12 + 29), out);
    assertThat(out.alerts)
        .extracting(Alert::getRuleId)
        .containsExactly("critical-parameter-change");

    detector.onTimer(state, detector.nextTimer(state), out);
    assertThat(out.alerts)
        .extracting(Alert::getRuleId)
        .containsExactly("critical-parameter-change", "acs-hijack-gone-dark");
    Alert hijack = out.alerts.get(1);
    assertThat(hijack.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(hijack.getTitle()).contains("0 BOOTSTRAP");
  }

  @Test
  void quietDeviceLeavesItsCohortAndIsForgottenAfterTheStateTtl() {
    informAt(0);
    assertThat(out.signals).extracting(s -> s.kind).containsExactly(CohortSignal.Kind.ACTIVE);

    assertThat(detector.onTimer(state, minutes(31), out)).isTrue();
    assertThat(out.signals)
        .extracting(s -> s.kind)
        .containsExactly(CohortSignal.Kind.ACTIVE, CohortSignal.Kind.INACTIVE);
    assertThat(detector.nextTimer(state)).isEqualTo(minutes(7 * 24 * 60));
    DeviceClock clock = detector.clockOf(state, 0);
    assertThat(detector.forgetsQuietly(clock, minutes(7 * 24 * 60) - 1)).isFalse();
    assertThat(detector.forgetsQuietly(clock, minutes(7 * 24 * 60))).isTrue();
    assertThat(detector.onTimer(state, minutes(7 * 24 * 60), out)).isFalse();
  }

  @Test
  void anExpiredDeviceWithSomethingDueIsNotForgottenQuietly() {
    informAt(0, DNS, "192.0.2.53");
    informAt(10, DNS, "203.0.113.66");
    DeviceClock clock = detector.clockOf(state, 0);
    clock.setActive(false);

    assertThat(detector.forgetsQuietly(clock, minutes(7 * 24 * 60 + 10))).isFalse();
  }

  @Test
  void repeatedUnsolicitedChangesWithinTheSuppressionIntervalUpdateOneIncident() {
    informAt(0, DNS, "192.0.2.53");
    informAt(10, DNS, "203.0.113.66");
    detector.onTimer(state, minutes(11), out);
    informAt(20, "Device.ManagementServer.PeriodicInformEnable", "true");
    informAt(30, "Device.ManagementServer.PeriodicInformEnable", "false");
    detector.onTimer(state, minutes(31), out);

    assertThat(out.alerts).hasSize(2);
    assertThat(out.alerts.get(1).getAlertId()).isEqualTo(out.alerts.get(0).getAlertId());
    assertThat(out.alerts.get(1).getEvidence().getChanges())
        .extracting(ValueChange::getParameter)
        .containsExactly("dns.wan-server", "acs.periodic-inform-enable");
  }

  @Test
  void onlyARepeatOfTheLastInformByAnActiveDeviceNeedsNoMoreThanItsClock() {
    InformDigest digests = new InformDigest(7, 11);
    DeviceInform last = slimmer.slim(inform(minutes(0), List.of("2 PERIODIC"), DNS, "192.0.2.53"));
    detector.onInform(state, last, minutes(0), out);
    DeviceClock clock = detector.clockOf(state, digests.of(last));

    DeviceInform repeat =
        slimmer.slim(inform(minutes(10), List.of("2 PERIODIC"), DNS, "192.0.2.53"));
    assertThat(detector.onRepeatedInform(clock, repeat, digests.of(repeat), minutes(10))).isTrue();
    assertThat(clock.getLastInformAt()).isEqualTo(minutes(10));
    assertThat(detector.nextTimer(clock)).isEqualTo(minutes(40)); // the cohort's active horizon

    DeviceInform changed =
        slimmer.slim(inform(minutes(20), List.of("2 PERIODIC"), DNS, "203.0.113.66"));
    DeviceInform boot = slimmer.slim(inform(minutes(20), List.of("1 BOOT"), DNS, "192.0.2.53"));
    assertThat(detector.onRepeatedInform(clock, changed, digests.of(changed), minutes(20)))
        .isFalse();
    assertThat(detector.onRepeatedInform(clock, boot, digests.of(boot), minutes(20))).isFalse();
    clock.setActive(false);
    assertThat(detector.onRepeatedInform(clock, repeat, digests.of(repeat), minutes(20))).isFalse();
    assertThat(clock.getLastInformAt()).isEqualTo(minutes(10));
  }

  @Test
  void theClockDuesNoLaterThanWhatTheWholeStateHasDue() {
    informAt(0, DNS, "192.0.2.53");
    informAt(10, DNS, "203.0.113.66");

    DeviceClock clock = detector.clockOf(state, 0);
    assertThat(clock.getStateDueAt()).isEqualTo(minutes(11)); // the change's grace period
    assertThat(detector.nextTimer(clock))
        .isEqualTo(detector.nextTimer(state))
        .isEqualTo(minutes(11));
  }

  @Test
  void compactedStateRoundTripsThroughAvroAsACheckpointStoresIt() throws IOException {
    informAt(0, DNS, "192.0.2.53");
    DeviceState restored = avroRoundTrip(state);
    assertThat(CriticalValues.get(restored, "dns.wan-server#1")).isEqualTo("192.0.2.53");

    onInform(
        detector,
        restored,
        inform(minutes(10), List.of("2 PERIODIC"), DNS, "203.0.113.66"),
        minutes(10),
        out);
    DeviceState again = avroRoundTrip(restored);
    detector.onTimer(again, minutes(11), out);

    assertThat(out.alerts)
        .singleElement()
        .satisfies(
            alert ->
                assertThat(alert.getEvidence().getChanges())
                    .extracting(ValueChange::getOldValue, ValueChange::getNewValue)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.53", "203.0.113.66")));
    assertThat(avroRoundTrip(again)).isEqualTo(again);
  }

  @Test
  void regionCohortDimensionComesFromTheSourceAddressAndTheAddressPlan(@TempDir Path dir)
      throws IOException {
    String text;
    try (var in = getClass().getClassLoader().getResourceAsStream(ConfigFiles.DEFAULT_DETECTION)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("detection.yaml");
    Files.writeString(
        file,
        text.replace(
                "dimensions: [productClass, softwareVersion]", "dimensions: [productClass, region]")
            .replace("regions: {}", "regions:\n  north: [198.51.100.0/24]"));
    DeviceDetector regional = new DeviceDetector(ConfigFiles.load(file, null));

    onInform(
        regional,
        state,
        inform(minutes(0), List.of("2 PERIODIC"), DNS, "192.0.2.53"),
        minutes(0),
        out);

    assertThat(out.signals)
        .singleElement()
        .satisfies(
            signal -> {
              assertThat(signal.kind).isEqualTo(CohortSignal.Kind.ACTIVE);
              assertThat(signal.cohortKey).endsWith("|region=north");
            });
  }

  private static DeviceState avroRoundTrip(DeviceState value) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(DeviceState.class).write(value, encoder);
    encoder.flush();
    var decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
    return new SpecificDatumReader<>(DeviceState.class).read(null, decoder);
  }

  private void informAt(double minute, String... params) {
    onInform(
        detector,
        state,
        inform(minutes(minute), List.of("2 PERIODIC"), params),
        minutes(minute),
        out);
  }

  /** The detector reads an Inform as the job hands it over: slimmed to a DeviceInform. */
  private void onInform(
      DeviceDetector detector, DeviceState state, CwmpInform inform, long at, Collected out) {
    detector.onInform(state, slimmer.slim(inform), at, out);
  }
}
