package io.cpesentinel.jobs.detection;

import io.cpesentinel.jobs.RecentTime;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthDetail;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.DownloadDetail;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.SampleRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * A recorded hour of a small fleet: four cohorts (product classes HGW-A..D on firmware 5.4.1)
 * informing every ten minutes, with injected incidents and benign look-alikes, and the alerts an
 * analyst should get ({@link #expected}).
 *
 * <ul>
 *   <li>minute 15: customers change their Wi-Fi passphrase (benign)
 *   <li>minute 20: power outage: 60% of every cohort boots (benign)
 *   <li>minute 30: GhostDNS: 12 devices in C and D switch to one foreign resolver; 5 devices in D
 *       get a DNS change their ACS asked for (benign)
 *   <li>minute 35: credential stuffing: one address fails to authenticate as 40 devices of B
 *   <li>minute 40: Mirai: half of cohort A reboots unexpectedly
 *   <li>minute 48–50: planned firmware rollout to 100 devices of C, with reboots (benign)
 * </ul>
 */
final class FleetScenario {
  static final long T0 = RecentTime.hoursAgo(2);
  static final long MINUTE = 60_000;
  static final String ISP_DNS = "192.0.2.53";
  static final String EVIL_DNS = "203.0.113.99";
  static final String STUFFER = "203.0.113.200";
  static final String[] COHORTS = {"HGW-A", "HGW-B", "HGW-C", "HGW-D"};
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String FIRMWARE = "Device.DeviceInfo.SoftwareVersion";

  /** One record for a topic, with its event time. */
  record Event(boolean inform, String key, long at, SpecificRecord value) {}

  private final int perCohort;
  private final List<Event> events = new ArrayList<>();
  private final Set<String> expected = new TreeSet<>();

  FleetScenario(int perCohort) {
    this.perCohort = perCohort;
    build();
    events.sort(Comparator.comparingLong(Event::at));
  }

  List<Event> events() {
    return events;
  }

  /** "ruleId subjectKey" of every alert the scenario must produce, and no others. */
  Set<String> expected() {
    return expected;
  }

  private void build() {
    for (int c = 0; c < COHORTS.length; c++) {
      for (int n = 0; n < perCohort; n++) {
        device(c, n);
      }
    }
    expected.add("mass-reboot " + cohort("HGW-A", "5.4.1"));
    expected.add("auth-failure-spike " + cohort("HGW-B", "5.4.1"));
    expected.add("auth-burst-source-ip " + STUFFER);
    expected.add("fleet-spread dns.wan-server=" + EVIL_DNS);
  }

  private void device(int c, int n) {
    DeviceId id =
        DeviceId.newBuilder()
            .setManufacturer("Acme")
            .setOui("0012AB")
            .setProductClass(COHORTS[c])
            .setSerialNumber(COHORTS[c] + "-" + n)
            .build();
    String key = DeviceKeys.of(id);
    long offset = (n * 7919L) % (10 * MINUTE); // spread periodic informs over the interval
    boolean ghostDns = (c == 2 || c == 3) && n < 6;
    boolean acsDns = c == 3 && n >= 6 && n < 11;
    boolean rollout = c == 2 && n >= 100 && n < 200;
    String firmware = "5.4.1";
    String dns = ISP_DNS;
    String passphrase = "hmac-sha256:" + n;

    for (long m = 0; m < 60; m += 10) {
      long at = T0 + m * MINUTE + offset;
      if (ghostDns && at >= T0 + 30 * MINUTE) {
        dns = EVIL_DNS;
      }
      if (acsDns && at >= T0 + 30 * MINUTE) {
        dns = "198.51.100.1";
      }
      if (at >= T0 + 15 * MINUTE && n % 25 == 0) {
        passphrase = "hmac-sha256:new-" + n;
      }
      if (rollout && at >= T0 + 50 * MINUTE) {
        firmware = "5.5.0";
      }
      inform(id, key, at, List.of("2 PERIODIC"), firmware, dns, passphrase);
    }
    if (ghostDns) {
      expected.add("critical-parameter-change " + key);
    }
    if (acsDns) {
      acs(
          key,
          T0 + 29 * MINUTE,
          AcsEventKind.SET_PARAMETER_VALUES,
          "dns-rollout",
          null,
          DNS,
          "198.51.100.1");
    }
    if (n < perCohort * 6 / 10) {
      inform(id, key, T0 + 20 * MINUTE + n * 50L, List.of("1 BOOT"), "5.4.1", ISP_DNS, passphrase);
    }
    if (c == 1 && n < 40) {
      acs(key, T0 + 35 * MINUTE + n * 1000L, AcsEventKind.AUTH_FAILURE, null, STUFFER);
    }
    if (c == 0 && n < perCohort / 2) {
      inform(id, key, T0 + 40 * MINUTE + n * 100L, List.of("1 BOOT"), "5.4.1", ISP_DNS, passphrase);
    }
    if (rollout) {
      AcsEvent download = acs(key, T0 + 48 * MINUTE, AcsEventKind.DOWNLOAD, "fw-5.5.0", null);
      download.setDownload(
          DownloadDetail.newBuilder()
              .setFileType("1 Firmware Upgrade Image")
              .setUrl("https://fw.isp.example/hgw-c-5.5.0.bin")
              .build());
      inform(
          id,
          key,
          T0 + 50 * MINUTE - 1,
          List.of("1 BOOT", "7 TRANSFER COMPLETE", "M Download:fw-5.5.0"),
          "5.5.0",
          dns,
          passphrase);
    }
  }

  private void inform(
      DeviceId id,
      String key,
      long at,
      List<String> codes,
      String firmware,
      String dns,
      String passphrase) {
    List<InformEvent> list = new ArrayList<>();
    for (String code : codes) {
      String[] parts = code.split(":", 2);
      list.add(
          InformEvent.newBuilder()
              .setCode(parts[0])
              .setCommandKey(parts.length > 1 ? parts[1] : "")
              .build());
    }
    CwmpInform inform =
        CwmpInform.newBuilder()
            .setEventId(key + "@" + at)
            .setReceivedAt(Instant.ofEpochMilli(at))
            .setDeviceId(id)
            .setEvents(list)
            .setParameters(
                List.of(
                    param("Device.RootDataModelVersion", "2.17"),
                    param("Device.DeviceInfo.HardwareVersion", "HW-2"),
                    param(FIRMWARE, firmware),
                    param("Device.DeviceInfo.ProvisioningCode", ""),
                    param("Device.ManagementServer.ParameterKey", ""),
                    param(
                        "Device.ManagementServer.ConnectionRequestURL",
                        "http://198.51.100.7:7547/cr"),
                    param("Device.ManagementServer.AliasBasedAddressing", "false"),
                    param("Device.ManagementServer.URL", "https://acs.isp.example/"),
                    param("Device.ManagementServer.PeriodicInformInterval", "600"),
                    param(DNS, dns),
                    param("Device.WiFi.AccessPoint.1.Security.ModeEnabled", "WPA2-Personal"),
                    param("Device.WiFi.AccessPoint.1.Security.KeyPassphrase", passphrase)))
            .setDataModel(DataModel.TR181)
            .setCwmpNamespace("urn:dslforum-org:cwmp-1-2")
            .setIngest(
                IngestContext.newBuilder()
                    .setSourceIp("198.51.100.7")
                    .setTls(true)
                    .setAcsAuth(AuthOutcome.SUCCEEDED)
                    .setMode(IngestMode.PROXY)
                    .setNode("replay")
                    .build())
            .build();
    events.add(new Event(true, key, at, inform));
  }

  private AcsEvent acs(
      String key,
      long at,
      AcsEventKind kind,
      String commandKey,
      String sourceIp,
      String... values) {
    List<ParameterValue> params = new ArrayList<>();
    for (int i = 0; i < values.length; i += 2) {
      params.add(param(values[i], values[i + 1]));
    }
    AcsEvent event =
        AcsEvent.newBuilder()
            .setEventId(key + "#" + kind + "@" + at)
            .setOccurredAt(Instant.ofEpochMilli(at))
            .setReceivedAt(Instant.ofEpochMilli(at))
            .setOrigin(AcsEventOrigin.CWMP_PROXY)
            .setIngestNode("replay")
            .setDeviceKey(key)
            .setSourceIp(sourceIp)
            .setKind(kind)
            .setCommandKey(commandKey)
            .setParameters(params)
            .setAuth(
                kind == AcsEventKind.AUTH_FAILURE
                    ? AuthDetail.newBuilder().setMethod(AuthMethod.DIGEST).setUsername(key).build()
                    : null)
            .build();
    events.add(new Event(false, key, at, event));
    return event;
  }

  static String cohort(String productClass, String firmware) {
    return "productClass=" + productClass + "|softwareVersion=" + firmware;
  }

  private static ParameterValue param(String name, String value) {
    return SampleRecords.param(name, value, "xsd:string");
  }
}
