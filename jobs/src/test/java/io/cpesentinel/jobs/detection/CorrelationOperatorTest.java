package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.RuleAction;
import io.cpesentinel.schema.RuleModule;
import io.cpesentinel.schema.SampleRecords;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The correlation operator driven by watermarks: facts reach the rules in event-time order whatever
 * their arrival order, silence rules fire on watermarks alone, state goes away after the history
 * horizon, published modules are accepted or rejected with a status, and a snapshot rebuilds the
 * rules' state without resending what was sent.
 */
class CorrelationOperatorTest {
  private static final long T0 = SampleRecords.T0.toEpochMilli();
  private static final long MINUTE = 60_000;

  private KeyedTwoInputStreamOperatorTestHarness<String, CorrelationFact, RuleModule, Alert>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, CorrelationFact, RuleModule, Alert>
      newHarness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new CorrelationOperator(ConfigFiles.defaults().config().correlation()),
        CorrelationFact::getDeviceKey,
        (RuleModule module) -> "rules",
        Types.STRING);
  }

  static CorrelationFact inform(String device, long at, String version, String... codes) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.INFORM)
        .setDeviceKey(device)
        .setAt(at)
        .setEventId(device + "@" + at)
        .setEventCodes(List.of(codes))
        .setSoftwareVersion(version)
        .setInformIntervalSeconds(300L)
        .build();
  }

  static CorrelationFact finding(String device, long at, String parameter) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.FINDING)
        .setDeviceKey(device)
        .setAt(at)
        .setEventId("alert-" + at)
        .setRuleId("critical-parameter-change")
        .setSeverity("CRITICAL")
        .setParameter(parameter)
        .setOldValue("old")
        .setNewValue("new")
        .build();
  }

  private void fact(CorrelationFact fact) throws Exception {
    harness.processElement1(new StreamRecord<>(fact, fact.getAt()));
  }

  private List<String> alerts() {
    return harness.extractOutputValues().stream()
        .map(
            a ->
                a.getRuleId()
                    + " "
                    + a.getSubjectKey()
                    + " +"
                    + (a.getLastSeen().toEpochMilli() - T0) / MINUTE
                    + "m")
        .toList();
  }

  @Test
  void factsReachTheRulesInEventTimeOrderNotArrivalOrder() throws Exception {
    // The downgrade (V2.0 at +0m, then V1.9 at +5m) arrives reversed; fed in arrival order it
    // would look like an upgrade.
    fact(inform("D1", T0 + 5 * MINUTE, "V1.9", "1 BOOT"));
    fact(inform("D2", T0 + 4 * MINUTE, "V1.0", "2 PERIODIC"));
    fact(inform("D1", T0, "V2.0", "2 PERIODIC"));
    assertThat(harness.extractOutputValues()).as("nothing before the watermark").isEmpty();

    harness.processWatermark1(new Watermark(T0 + 10 * MINUTE));

    assertThat(alerts()).containsExactly("firmware-downgrade D1 +5m");
    Alert alert = harness.extractOutputValues().get(0);
    assertThat(alert.getEvidence().getDetails())
        .isEqualTo(Map.of("previousVersion", "V2.0", "softwareVersion", "V1.9"));
    assertThat(alert.getEvidence().getEventIds())
        .containsExactly("D1@" + T0, "D1@" + (T0 + 5 * MINUTE));
  }

  @Test
  void silenceRulesFireOnTheWatermarkAtTheirOwnTime() throws Exception {
    fact(inform("D1", T0 + 10 * MINUTE, null, "4 VALUE CHANGE"));
    fact(finding("D1", T0 + 11 * MINUTE, "acs.url"));
    harness.processWatermark1(new Watermark(T0 + 25 * MINUTE));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark1(new Watermark(T0 + 40 * MINUTE));

    assertThat(alerts()).containsExactly("acs-url-change-gone-dark D1 +26m");
    assertThat(harness.getOutput())
        .filteredOn(e -> e instanceof StreamRecord<?>)
        .map(e -> ((StreamRecord<?>) e).getTimestamp())
        .containsExactly(T0 + 26 * MINUTE);
  }

  @Test
  void aDevicesStateGoesAwayAfterTheHistoryHorizon() throws Exception {
    fact(inform("D1", T0, "V1", "2 PERIODIC"));
    fact(inform("D1", T0 + MINUTE, "V1", "2 PERIODIC"));
    harness.processWatermark1(new Watermark(T0 + 2 * MINUTE));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processWatermark1(new Watermark(T0 + 24 * 60 * MINUTE + 2 * MINUTE));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    // Forgotten, the device starts over in the rules: no downgrade from V1 a day ago.
    fact(inform("D1", T0 + 25 * 60 * MINUTE, "V0.9", "2 PERIODIC"));
    harness.processWatermark1(new Watermark(T0 + 25 * 60 * MINUTE + MINUTE));
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aDeviceThatKeepsInformingIsNotForgotten() throws Exception {
    for (int hour = 0; hour <= 30; hour += 6) {
      fact(inform("D1", T0 + hour * 60 * MINUTE, "V2.0", "2 PERIODIC"));
      harness.processWatermark1(new Watermark(T0 + hour * 60 * MINUTE + MINUTE));
    }
    fact(inform("D1", T0 + 31 * 60 * MINUTE, "V1.0", "2 PERIODIC"));
    harness.processWatermark1(new Watermark(T0 + 32 * 60 * MINUTE));

    assertThat(alerts()).containsExactly("firmware-downgrade D1 +1860m");
    assertThat(harness.numEventTimeTimers()).as("one clean-up timer").isEqualTo(1);
  }

  @Test
  void publishedModulesAreAcceptedOrRejectedWithAStatus() throws Exception {
    String watch =
        "@Name('watch') @Description('w') @Tag(name='severity', value='LOW')"
            + " @Tag(name='version', value='2')\n"
            + "select deviceKey from InformFact('1 BOOT' in (eventCodes));";
    harness.processElement2(new StreamRecord<>(module("watch", "2", RuleAction.ADD, watch)));
    harness.processElement2(
        new StreamRecord<>(module("bad", "1", RuleAction.ADD, "select nonsense from Nowhere")));
    harness.processElement2(
        new StreamRecord<>(module("firmware-downgrade", null, RuleAction.DISABLE, null)));

    fact(inform("D1", T0, "V2.0", "2 PERIODIC"));
    fact(inform("D1", T0 + MINUTE, "V1.0", "1 BOOT"));
    harness.processWatermark1(new Watermark(T0 + 2 * MINUTE));

    assertThat(alerts()).containsExactly("watch D1 +1m");
    assertThat(harness.getSideOutput(CorrelationOperator.RULE_STATUS))
        .map(r -> r.getValue().f1)
        .satisfiesExactly(
            s -> assertThat(s).contains("\"ruleId\":\"watch\"", "\"status\":\"ACCEPTED\""),
            s ->
                assertThat(s)
                    .contains("\"ruleId\":\"bad\"", "\"status\":\"REJECTED\"", "cpe.rules/bad:1:"),
            s ->
                assertThat(s)
                    .contains("\"ruleId\":\"firmware-downgrade\"", "\"status\":\"DISABLED\""));
  }

  @Test
  void aRestoredOperatorRebuildsTheRulesFromStateAndResendsNothing() throws Exception {
    harness.processElement2(
        new StreamRecord<>(module("firmware-downgrade", null, RuleAction.DISABLE, null)));
    fact(inform("D1", T0, "V2.0", "2 PERIODIC"));
    fact(inform("D1", T0 + MINUTE, "V1.0", "1 BOOT")); // would fire, but the rule is disabled
    fact(inform("D2", T0, null, "4 VALUE CHANGE"));
    fact(finding("D2", T0 + MINUTE, "dns.wan-server"));
    fact(inform("D3", T0 + MINUTE, null, "0 BOOTSTRAP"));
    fact(inform("D3", T0 + 2 * MINUTE, null, "0 BOOTSTRAP"));
    fact(inform("D3", T0 + 3 * MINUTE, null, "0 BOOTSTRAP"));
    harness.processWatermark1(new Watermark(T0 + 4 * MINUTE));
    assertThat(alerts()).containsExactly("repeated-factory-reset D3 +3m");
    OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 4 * MINUTE);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    fact(inform("D2", T0 + 5 * MINUTE, null, "1 BOOT")); // completes the DNS correlation
    fact(inform("D1", T0 + 5 * MINUTE, "V0.9", "1 BOOT")); // still disabled after the restore
    harness.processWatermark1(new Watermark(T0 + 10 * MINUTE));

    assertThat(alerts()).containsExactly("dns-change-then-reboot D2 +5m");
  }

  @Test
  void factsWaitingForTheWatermarkAtASnapshotAreFedAfterTheRestore() throws Exception {
    fact(inform("D1", T0, "V2.0", "2 PERIODIC"));
    harness.processWatermark1(new Watermark(T0 + MINUTE));
    fact(inform("D1", T0 + 5 * MINUTE, "V1.0", "1 BOOT")); // waits: the downgrade
    fact(inform("D2", T0 + 3 * MINUTE, "V1.0", "0 BOOTSTRAP"));
    OperatorSubtaskState first = harness.snapshot(1, T0 + 2 * MINUTE);
    fact(inform("D2", T0 + 4 * MINUTE, null, "0 BOOTSTRAP")); // after the snapshot: not in it
    OperatorSubtaskState second = harness.snapshot(2, T0 + 2 * MINUTE);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.close();

    harness = newHarness();
    harness.initializeState(second);
    harness.open();
    fact(inform("D2", T0 + 6 * MINUTE, null, "0 BOOTSTRAP")); // the third
    harness.processWatermark1(new Watermark(T0 + 10 * MINUTE));

    assertThat(alerts())
        .as("each waiting fact fed once, in event-time order")
        .containsExactly("firmware-downgrade D1 +5m", "repeated-factory-reset D2 +6m");
    harness.close();

    harness = newHarness();
    harness.initializeState(first);
    harness.open();
    harness.processWatermark1(new Watermark(T0 + 10 * MINUTE));
    assertThat(alerts()).containsExactly("firmware-downgrade D1 +5m");
  }

  @Test
  void factsKeepOnlyTheValuesTheRunningRulesRead() throws Exception {
    String url =
        "@Name('url') @Description('u') @Tag(name='severity', value='LOW')"
            + " @Tag(name='version', value='1')\n"
            + "select deviceKey, `values`('acs.url') as url, `values`('dns.wan-server#1') as dns"
            + " from InformFact";
    harness.processElement2(new StreamRecord<>(module("url", "1", RuleAction.ADD, url)));
    CorrelationFact fact = inform("D1", T0, null, "2 PERIODIC");
    fact.setValues(Map.of("acs.url", "http://acs", "dns.lan-server#1", "10.0.0.1"));
    fact(fact);
    assertThat(fact.getValues())
        .as("what no rule reads is dropped before the fact waits for the watermark")
        .containsOnlyKeys("acs.url");
    harness.processWatermark1(new Watermark(T0 + MINUTE));

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            a -> assertThat(a.getEvidence().getDetails()).containsEntry("url", "http://acs"));
  }

  @Test
  void aHistoryKeptByTheEarlierVersionIsReplayedAfterTheRestore() throws Exception {
    harness.close();
    KeyedTwoInputStreamOperatorTestHarness<String, CorrelationFact, RuleModule, Alert> earlier =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new EarlierHistory(),
            CorrelationFact::getDeviceKey,
            (RuleModule module) -> "rules",
            Types.STRING);
    earlier.open();
    CorrelationFact older = inform("D1", T0, "V2.0", "2 PERIODIC");
    older.setValuesDelta(true);
    earlier.processElement1(new StreamRecord<>(older, T0));
    earlier.processElement1(new StreamRecord<>(inform("D1", T0 + MINUTE, "V2.0", "1 BOOT"), T0));
    OperatorSubtaskState snapshot = earlier.snapshot(1, T0 + 2 * MINUTE);
    earlier.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    fact(inform("D1", T0 + 5 * MINUTE, "V1.0", "2 PERIODIC"));
    harness.processWatermark1(new Watermark(T0 + 10 * MINUTE));

    assertThat(alerts()).containsExactly("firmware-downgrade D1 +5m");
    Alert alert = harness.extractOutputValues().get(0);
    assertThat(alert.getEvidence().getEventIds())
        .containsExactly("D1@" + (T0 + MINUTE), "D1@" + (T0 + 5 * MINUTE));
  }

  /** Keeps facts as the earlier version of the operator did: a keyed list named "history". */
  private static final class EarlierHistory extends AbstractStreamOperator<Alert>
      implements TwoInputStreamOperator<CorrelationFact, RuleModule, Alert> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement1(StreamRecord<CorrelationFact> element) throws Exception {
      getPartitionedState(
              new ListStateDescriptor<>("history", new AvroTypeInfo<>(CorrelationFact.class)))
          .add(element.getValue());
    }

    @Override
    public void processElement2(StreamRecord<RuleModule> element) {}
  }

  private static RuleModule module(String ruleId, String version, RuleAction action, String epl) {
    return RuleModule.newBuilder()
        .setRuleId(ruleId)
        .setVersion(version)
        .setAction(action)
        .setEpl(epl)
        .build();
  }
}
