package io.cpesentinel.detect;

import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.SampleRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds Informs and ACS events for detector tests; times are minutes from T0. */
final class Fixtures {
  static final long T0 = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
  static final DeviceId DEVICE =
      DeviceId.newBuilder()
          .setManufacturer("Acme")
          .setOui("0012AB")
          .setProductClass("HGW-5000")
          .setSerialNumber("S1")
          .build();
  static final String KEY = DeviceKeys.of(DEVICE);

  private Fixtures() {}

  static long minutes(double m) {
    return T0 + (long) (m * 60_000);
  }

  /** A TR-181 Inform with the forced parameters plus {@code extra} name/value pairs. */
  static CwmpInform inform(long at, List<String> events, String... extra) {
    List<ParameterValue> params = new ArrayList<>();
    params.add(param("Device.DeviceInfo.SoftwareVersion", "5.4.1"));
    params.add(param("Device.DeviceInfo.HardwareVersion", "HW-2"));
    params.add(param("Device.ManagementServer.ParameterKey", "pk-1"));
    for (int i = 0; i < extra.length; i += 2) {
      String name = extra[i];
      params.removeIf(p -> p.getName().equals(name));
      params.add(param(name, extra[i + 1]));
    }
    List<InformEvent> list = new ArrayList<>();
    for (String code : events) {
      String[] parts = code.split(":", 2);
      list.add(
          InformEvent.newBuilder()
              .setCode(parts[0])
              .setCommandKey(parts.length > 1 ? parts[1] : "")
              .build());
    }
    return CwmpInform.newBuilder()
        .setEventId("inf-" + at)
        .setReceivedAt(Instant.ofEpochMilli(at))
        .setDeviceId(DEVICE)
        .setEvents(list)
        .setParameters(params)
        .setDataModel(DataModel.TR181)
        .setCwmpNamespace("urn:dslforum-org:cwmp-1-2")
        .setIngest(
            IngestContext.newBuilder()
                .setSourceIp("198.51.100.7")
                .setTls(true)
                .setAcsAuth(AuthOutcome.SUCCEEDED)
                .setMode(IngestMode.PROXY)
                .setNode("test")
                .build())
        .build();
  }

  static ParameterValue param(String name, String value) {
    return SampleRecords.param(name, value, "xsd:string");
  }

  static AcsEvent acs(long at, AcsEventKind kind, String commandKey, String... values) {
    List<ParameterValue> params = new ArrayList<>();
    for (int i = 0; i < values.length; i += 2) {
      params.add(param(values[i], values[i + 1]));
    }
    return AcsEvent.newBuilder()
        .setEventId("acs-" + at)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setReceivedAt(Instant.ofEpochMilli(at))
        .setOrigin(AcsEventOrigin.CWMP_PROXY)
        .setIngestNode("test")
        .setDeviceKey(KEY)
        .setSourceIp("198.51.100.7")
        .setKind(kind)
        .setCommandKey(commandKey)
        .setParameters(params)
        .build();
  }

  /** Collects what a detector emits. */
  static final class Collected implements DetectionOutput {
    final List<Alert> alerts = new ArrayList<>();
    final List<CohortSignal> signals = new ArrayList<>();
    final List<Observation> adoptions = new ArrayList<>();

    @Override
    public void alert(Alert alert) {
      alerts.add(alert);
    }

    @Override
    public void cohortSignal(CohortSignal signal) {
      signals.add(signal);
    }

    @Override
    public void adoption(Observation adoption) {
      adoptions.add(adoption);
    }
  }
}
