package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.DeviceInformDecoder;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.SampleRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Flink wrapper, driven by watermarks: timers, side outputs and state cleanup. */
class DeviceDetectionFunctionTest {
  private static final long T0 = SampleRecords.T0.toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";

  private final AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
  private final DeviceInformDecoder decoder = new DeviceInformDecoder(ConfigFiles.defaults());
  private KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert>
      newHarness() throws Exception {
    return newHarness(new DeviceDetectionFunction(ConfigFiles.defaults()));
  }

  /** A harness around a per-device function, keyed as the job keys it. */
  static KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> newHarness(
      KeyedCoProcessFunction<String, DeviceInform, AcsEvent, Alert> function) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(function),
        (DeviceInform i) -> i.deviceKey,
        (AcsEvent e) -> e.getDeviceKey(),
        Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void unsolicitedChangeAlertsOnlyWhenTheWatermarkPassesTheGracePeriod() throws Exception {
    harness.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0));
    harness.processElement1(new StreamRecord<>(inform("203.0.113.66"), T0 + 10 * MINUTE));

    harness.processBothWatermarks(new Watermark(T0 + 10 * MINUTE + 59_999));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processBothWatermarks(new Watermark(T0 + 11 * MINUTE));
    List<Alert> alerts = harness.extractOutputValues();
    assertThat(alerts).extracting(Alert::getRuleId).containsExactly("critical-parameter-change");
    assertThat(harness.getSideOutput(DeviceDetectionFunction.COHORT_SIGNALS))
        .extracting(r -> r.getValue().kind)
        .containsExactly(CohortSignal.Kind.ACTIVE);
  }

  @Test
  void stateOfAQuietDeviceIsClearedByItsTtlTimer() throws Exception {
    harness.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processBothWatermarks(new Watermark(T0 + Duration.ofDays(7).toMillis() - 1));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processBothWatermarks(new Watermark(T0 + Duration.ofDays(7).toMillis()));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.getSideOutput(DeviceDetectionFunction.COHORT_SIGNALS))
        .extracting(r -> r.getValue().kind)
        .containsExactly(CohortSignal.Kind.ACTIVE, CohortSignal.Kind.INACTIVE);
  }

  @Test
  void stateSurvivesASnapshotAndRestore() throws Exception {
    harness.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0));
    var snapshot = harness.snapshot(1L, T0);
    harness.close();

    restoreFrom(snapshot);
    harness.processElement1(new StreamRecord<>(inform("203.0.113.66"), T0 + 10 * MINUTE));
    harness.processBothWatermarks(new Watermark(T0 + 12 * MINUTE));

    assertOneChangeAlertFrom("192.0.2.53");
  }

  @Test
  void repeatedInformsKeepTheDeviceActiveUntilItFallsSilent() throws Exception {
    for (int minute = 0; minute <= 120; minute += 10) {
      harness.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0 + minute * MINUTE));
      harness.processBothWatermarks(new Watermark(T0 + minute * MINUTE));
    }
    harness.processBothWatermarks(new Watermark(T0 + 150 * MINUTE - 1));
    assertThat(cohortSignals()).containsExactly(CohortSignal.Kind.ACTIVE);

    harness.processBothWatermarks(new Watermark(T0 + 150 * MINUTE));
    assertThat(cohortSignals())
        .containsExactly(CohortSignal.Kind.ACTIVE, CohortSignal.Kind.INACTIVE);
  }

  @Test
  void aRepeatedInformOfADeviceThatWentInactiveMakesItActiveAgain() throws Exception {
    harness.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0));
    harness.processBothWatermarks(new Watermark(T0 + 30 * MINUTE));
    harness.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0 + 40 * MINUTE));

    assertThat(cohortSignals())
        .containsExactly(
            CohortSignal.Kind.ACTIVE, CohortSignal.Kind.INACTIVE, CohortSignal.Kind.ACTIVE);
  }

  @Test
  void identicalBootInformsAreEachCounted() throws Exception {
    for (int i = 0; i < 5; i++) {
      harness.processElement1(
          new StreamRecord<>(inform("192.0.2.53", "1 BOOT"), T0 + i * 5 * MINUTE));
    }

    assertThat(harness.extractOutputValues())
        .extracting(Alert::getRuleId)
        .containsExactly("reboot-loop");
    assertThat(cohortSignals()).filteredOn(CohortSignal.Kind.UNEXPECTED_BOOT::equals).hasSize(5);
  }

  @Test
  void stateWrittenBeforeTheClockExistedIsRestoredWithItsTimer() throws Exception {
    harness.close();
    var before = newHarness(new WholeStateDetectionFunction());
    before.open();
    before.processElement1(new StreamRecord<>(inform("192.0.2.53"), T0));
    var snapshot = before.snapshot(1L, T0);
    before.close();

    restoreFrom(snapshot);
    harness.processBothWatermarks(new Watermark(T0 + 30 * MINUTE));
    assertThat(cohortSignals())
        .as("the old timer fired")
        .containsExactly(CohortSignal.Kind.INACTIVE);

    harness.processElement1(new StreamRecord<>(inform("203.0.113.66"), T0 + 40 * MINUTE));
    harness.processBothWatermarks(new Watermark(T0 + 41 * MINUTE));
    assertOneChangeAlertFrom("192.0.2.53");
  }

  /** The job's function in a fresh harness, from {@code snapshot}. */
  private void restoreFrom(OperatorSubtaskState snapshot) throws Exception {
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
  }

  private void assertOneChangeAlertFrom(String oldValue) {
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            a -> assertThat(a.getEvidence().getChanges().get(0).getOldValue()).isEqualTo(oldValue));
  }

  private List<CohortSignal.Kind> cohortSignals() {
    return harness.getSideOutput(DeviceDetectionFunction.COHORT_SIGNALS).stream()
        .map(r -> r.getValue().kind)
        .toList();
  }

  /** A periodic Inform reporting {@code dns}, decoded from its Kafka value as the job does. */
  private DeviceInform inform(String dns) throws RecordDecodingException {
    return inform(dns, "2 PERIODIC");
  }

  /** An Inform with event code {@code event} reporting {@code dns}. */
  private DeviceInform inform(String dns, String event) throws RecordDecodingException {
    CwmpInform template = SampleRecords.bootInform();
    List<ParameterValue> params = new ArrayList<>(template.getParameters());
    params.add(SampleRecords.param(DNS, dns, "xsd:string"));
    CwmpInform inform =
        CwmpInform.newBuilder(template)
            .setEvents(List.of(InformEvent.newBuilder().setCode(event).build()))
            .setParameters(params)
            .build();
    return decoder.decode(codec.encode(inform));
  }
}
