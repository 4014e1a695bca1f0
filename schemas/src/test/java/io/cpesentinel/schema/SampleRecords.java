package io.cpesentinel.schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Realistic records for codec and Kafka tests (paths from TR-098/TR-181, values invented), shared
 * with other modules through this module's test jar.
 */
public final class SampleRecords {
  public static final Instant T0 = Instant.parse("2026-05-01T10:00:00.123Z");

  private SampleRecords() {}

  public static DeviceId tr181Device() {
    return DeviceId.newBuilder()
        .setManufacturer("Acme Networks")
        .setOui("0012AB")
        .setProductClass("HGW-5000")
        .setSerialNumber("S1234567")
        .build();
  }

  public static CwmpInform bootInform() {
    return CwmpInform.newBuilder()
        .setEventId("inf-7f3a")
        .setReceivedAt(T0)
        .setDeviceId(tr181Device())
        .setEvents(
            List.of(
                InformEvent.newBuilder().setCode("1 BOOT").build(),
                InformEvent.newBuilder().setCode("M Reboot").setCommandKey("rb-7").build()))
        .setMaxEnvelopes(1)
        .setCurrentTime("2026-05-01T09:59:58Z")
        .setRetryCount(0)
        .setParameters(
            List.of(
                param("Device.RootDataModelVersion", "2.17", "xsd:string"),
                param("Device.DeviceInfo.HardwareVersion", "HW-2", "xsd:string"),
                param("Device.DeviceInfo.SoftwareVersion", "5.4.1", "xsd:string"),
                param("Device.DeviceInfo.ProvisioningCode", "", "xsd:string"),
                param("Device.ManagementServer.ParameterKey", "pk-41", "xsd:string"),
                param(
                    "Device.ManagementServer.ConnectionRequestURL",
                    "http://198.51.100.7:7547/cr",
                    "xsd:string"),
                param("Device.ManagementServer.AliasBasedAddressing", "false", "xsd:boolean"),
                param("Device.ManagementServer.PeriodicInformInterval", "600", null)))
        .setDataModel(DataModel.TR181)
        .setCwmpNamespace("urn:dslforum-org:cwmp-1-2")
        .setSupportedCwmpVersions("1.0,1.1,1.2,1.3,1.4")
        .setIngest(
            IngestContext.newBuilder()
                .setSourceIp("198.51.100.7")
                .setSourcePort(51234)
                .setTls(true)
                .setAcsAuth(AuthOutcome.SUCCEEDED)
                .setMode(IngestMode.PROXY)
                .setNode("ingest-1")
                .build())
        .build();
  }

  public static AcsEvent setDnsEvent() {
    return AcsEvent.newBuilder()
        .setEventId("acs-19c2")
        .setOccurredAt(T0)
        .setReceivedAt(T0.plusMillis(4))
        .setOrigin(AcsEventOrigin.CWMP_PROXY)
        .setIngestNode("ingest-1")
        .setAcsInstance("acs-eu-1")
        .setDeviceKey(DeviceKeys.of(tr181Device()))
        .setSourceIp("198.51.100.7")
        .setKind(AcsEventKind.SET_PARAMETER_VALUES)
        .setRpcMethod("SetParameterValues")
        .setCommandKey("dns-rollout-3")
        .setParameters(
            List.of(
                param("Device.DNS.Client.Server.1.DNSServer", "192.0.2.53", "xsd:string"),
                param("Device.DHCPv4.Server.Pool.1.DNSServers", "192.0.2.53", "xsd:string")))
        .build();
  }

  public static AcsEvent authFailure() {
    return AcsEvent.newBuilder()
        .setEventId("acs-19c3")
        .setOccurredAt(T0)
        .setReceivedAt(T0)
        .setOrigin(AcsEventOrigin.GENIEACS_LOG)
        .setIngestNode("ingest-2")
        .setSourceIp("203.0.113.9")
        .setKind(AcsEventKind.AUTH_FAILURE)
        .setAuth(
            AuthDetail.newBuilder()
                .setMethod(AuthMethod.DIGEST)
                .setUsername("cpe-0012AB")
                .setReason("bad password")
                .build())
        .setFault(
            CwmpFault.newBuilder()
                .setCode(9003)
                .setMessage("Invalid arguments")
                .setParameterFaults(
                    List.of(
                        ParameterFault.newBuilder()
                            .setParameterName("Device.X_ACME_Telnet.Enable")
                            .setCode(9005)
                            .setMessage("Invalid parameter name")
                            .build()))
                .build())
        .build();
  }

  public static Alert massRebootAlert() {
    return Alert.newBuilder()
        .setAlertId("mass-reboot:3c9e1f")
        .setRuleId("mass-reboot")
        .setRuleVersion("1")
        .setStatus(AlertStatus.FIRING)
        .setSeverity(Severity.CRITICAL)
        .setTitle("Unexpected reboots in cohort HGW-5000 / 5.4.1 / north")
        .setSubjectType(SubjectType.COHORT)
        .setSubjectKey("HGW-5000|5.4.1|north")
        .setCohort(Map.of("productClass", "HGW-5000", "softwareVersion", "5.4.1"))
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(600))
        .setFirstSeen(T0.plusSeconds(12))
        .setLastSeen(T0.plusSeconds(590))
        .setEvidence(
            Evidence.newBuilder()
                .setCounts(Map.of("unexpectedBoots", 1840L, "activeDevices", 20_000L))
                .setBaseline(3.5)
                .setObserved(1840.0)
                .setChanges(
                    List.of(
                        ValueChange.newBuilder()
                            .setParameter("dns.wan.server")
                            .setPath("Device.DNS.Client.Server.1.DNSServer")
                            .setOldValue("192.0.2.53")
                            .setNewValue("203.0.113.66")
                            .build()))
                .setEventIds(List.of("inf-7f3a"))
                .setDevices(List.of("0012AB-HGW%2D5000-S1234567"))
                .build())
        .setRecommendedAction("Check the cohort for port 7547 exposure")
        .setQuarantineEligible(false)
        .setTags(List.of("T1498"))
        .build();
  }

  public static ParameterValue param(String name, String value, String type) {
    return ParameterValue.newBuilder().setName(name).setValue(value).setType(type).build();
  }
}
