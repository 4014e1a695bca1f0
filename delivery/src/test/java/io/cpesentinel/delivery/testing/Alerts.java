package io.cpesentinel.delivery.testing;

import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import io.cpesentinel.schema.ValueChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts for tests: one with every field the contract has filled in, and variations of it. */
public final class Alerts {
  public static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  private Alerts() {}

  public static DeviceId device(String serial) {
    return DeviceId.newBuilder()
        .setManufacturer("Acme Networks")
        .setOui("0012AB")
        .setProductClass("HGW-5000")
        .setSerialNumber(serial)
        .build();
  }

  /** An ACS-hijack alert about one device, every optional field set. */
  public static Alert.Builder acsHijack(String alertId, String serial) {
    return Alert.newBuilder()
        .setAlertId(alertId)
        .setRuleId("acs-url-unsolicited-change")
        .setRuleVersion("3")
        .setStatus(AlertStatus.FIRING)
        .setSeverity(Severity.CRITICAL)
        .setTitle("ACS URL changed without an ACS task")
        .setDescription("ManagementServer.URL now points to an unknown host")
        .setSubjectType(SubjectType.DEVICE)
        .setSubjectKey("0012AB-HGW%2D5000-" + serial)
        .setDeviceId(device(serial))
        .setCohort(
            Map.of("productClass", "HGW-5000", "softwareVersion", "5.4.1", "region", "north"))
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(300))
        .setFirstSeen(T0.plusSeconds(12))
        .setLastSeen(T0.plusSeconds(40))
        .setEvidence(
            Evidence.newBuilder()
                .setCounts(Map.of("valueChanges", 1L, "activeDevices", 100_000L))
                .setBaseline(0.0)
                .setObserved(1.0)
                .setChanges(
                    List.of(
                        ValueChange.newBuilder()
                            .setParameter("acs.url")
                            .setPath("Device.ManagementServer.URL")
                            .setOldValue("https://acs.isp.example/")
                            .setNewValue("http://203.0.113.66:7547/")
                            .build()))
                .setEventIds(List.of("inf-1", "inf-2"))
                .setDevices(List.of("0012AB-HGW%2D5000-" + serial))
                .setDetails(Map.of("sourceIp", "198.51.100.7", "acsTask", "none"))
                .build())
        .setRecommendedAction("Quarantine the device and restore the ACS URL")
        .setQuarantineEligible(true)
        .setTags(List.of("T1557", "TA0001", "acs-hijack"));
  }

  /** A credential-stuffing alert about a source address, not a device. */
  public static Alert.Builder sourceIp(String alertId, String ip) {
    return acsHijack(alertId, "X")
        .setRuleId("auth-failure-burst")
        .setSubjectType(SubjectType.SOURCE_IP)
        .setSubjectKey(ip)
        .setDeviceId(null)
        .setQuarantineEligible(false);
  }
}
