package io.cpesentinel.epl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EsperCorrelationEngineTest {
  private static final long T0 = 1_772_000_000_000L;

  private final EsperCorrelationEngine engine = new EsperCorrelationEngine("engine-test");

  @AfterEach
  void close() {
    engine.close();
  }

  static String bootRule(String ruleId, String version, String code) {
    return "@Name('"
        + ruleId
        + "')\n@Description('boots')\n@Tag(name='severity', value='LOW')\n"
        + "@Tag(name='version', value='"
        + version
        + "')\nselect deviceKey, eventId as eventIds from InformFact('"
        + code
        + "' in (eventCodes));\n";
  }

  static InformFact inform(String device, long at, String... codes) {
    return new InformFact(
        device, at, device + "@" + at, List.of(codes), Map.of(), null, null, null);
  }

  @Test
  void aRuleProducesOutputsWithItsMetadataAndTheEventTime() throws Exception {
    RuleInfo info =
        engine.deploy(new RuleModule("boot", null, bootRule("boot", "3", "1 BOOT"), "t"));
    assertThat(info).isEqualTo(new RuleInfo("boot", "3", "LOW", "boots", "boots", false));

    engine.feed(inform("D1", T0, "1 BOOT"));
    engine.feed(inform("D2", T0 + 1000, "2 PERIODIC"));

    List<RuleOutput> outputs = engine.drain();
    assertThat(outputs).hasSize(1);
    assertThat(outputs.get(0).deviceKey()).isEqualTo("D1");
    assertThat(outputs.get(0).at()).isEqualTo(T0);
    assertThat(outputs.get(0).eventIds()).containsExactly("D1@" + T0);
    assertThat(engine.drain()).isEmpty();
  }

  @Test
  void aBrokenModuleIsRejectedWithItsSourceAndLineAndTheRunningRulesKeepRunning() throws Exception {
    engine.deploy(new RuleModule("boot", null, bootRule("boot", "1", "1 BOOT"), "boot.epl"));
    String broken = "// a comment\n\n@Name('broken') select deviceKey frm InformFact;\n";

    assertThatThrownBy(() -> engine.deploy(new RuleModule("broken", null, broken, "broken.epl")))
        .isInstanceOf(RuleRejectedException.class)
        .hasMessageStartingWith("broken.epl:3: ")
        .hasMessageContaining("near 'InformFact'");
    assertThatThrownBy(
            () ->
                engine.deploy(
                    new RuleModule(
                        "boot", null, "select deviceKey from NoSuchType;", "boot-v2.epl")))
        .isInstanceOf(RuleRejectedException.class)
        .hasMessageContaining("boot-v2.epl")
        .hasMessageContaining("NoSuchType");

    engine.feed(inform("D1", T0, "1 BOOT"));
    assertThat(engine.drain()).extracting(o -> o.rule().version()).containsExactly("1");
    assertThat(engine.rules()).extracting(RuleInfo::ruleId).containsExactly("boot");
  }

  @Test
  void metadataIsRequired() {
    String noSeverity = "@Name('x') @Description('d') select deviceKey from InformFact;";
    assertThatThrownBy(() -> engine.deploy(new RuleModule("x", null, noSeverity, "x.epl")))
        .hasMessageContaining("no alert statement");
    String wrongName = bootRule("other", "1", "1 BOOT");
    assertThatThrownBy(() -> engine.deploy(new RuleModule("x", null, wrongName, "x.epl")))
        .hasMessageContaining("@Name('x') expected");
    String badSeverity = bootRule("x", "1", "1 BOOT").replace("LOW", "SEVERE");
    assertThatThrownBy(() -> engine.deploy(new RuleModule("x", null, badSeverity, "x.epl")))
        .hasMessageContaining("severity 'SEVERE'");
    assertThatThrownBy(
            () -> engine.deploy(new RuleModule("x", "2", bootRule("x", "1", "1 BOOT"), "x.epl")))
        .hasMessageContaining("published as version 2 but declares version 1");
    String noDevice = bootRule("x", "1", "1 BOOT").replace("select deviceKey,", "select");
    assertThatThrownBy(() -> engine.deploy(new RuleModule("x", null, noDevice, "x.epl")))
        .hasMessageContaining("deviceKey");
    assertThat(engine.rules()).isEmpty();
  }

  @Test
  void replaceSwapsTheRuleAndDisableStopsIt() throws Exception {
    engine.deploy(new RuleModule("boot", null, bootRule("boot", "1", "1 BOOT"), "v1"));
    engine.deploy(new RuleModule("boot", "2", bootRule("boot", "2", "0 BOOTSTRAP"), "v2"));
    engine.feed(inform("D1", T0, "1 BOOT"));
    engine.feed(inform("D1", T0 + 1, "0 BOOTSTRAP"));
    assertThat(engine.drain())
        .extracting(o -> o.rule().version() + "@" + o.at())
        .containsExactly("2@" + (T0 + 1));

    assertThat(engine.disable("boot")).isTrue();
    assertThat(engine.disable("boot")).isFalse();
    engine.feed(inform("D1", T0 + 2, "0 BOOTSTRAP"));
    assertThat(engine.drain()).isEmpty();
  }

  @Test
  void timersFireAtTheirOwnTimeAndTheClockNeverGoesBack() throws Exception {
    String silence =
        "@Name('quiet') @Description('quiet') @Tag(name='severity', value='LOW')"
            + " @Tag(name='version', value='1')\n"
            + "select i.deviceKey as deviceKey from pattern [every i=InformFact ->"
            + " (timer:interval(60 sec) and not InformFact(deviceKey = i.deviceKey))];";
    engine.deploy(new RuleModule("quiet", null, silence, "quiet.epl"));
    engine.feed(inform("D1", T0));
    engine.advanceTo(T0 + 3_600_000);
    engine.advanceTo(T0); // ignored: event time does not go back
    assertThat(engine.currentTime()).isEqualTo(T0 + 3_600_000);
    assertThat(engine.drain()).extracting(RuleOutput::at).containsExactly(T0 + 60_000);
  }

  @Test
  void aForgottenDeviceStartsOverInAContextTerminatedByDeviceForgotten() throws Exception {
    String resets =
        "create context PerDevice partition by deviceKey from InformFact,"
            + " deviceKey from DeviceForgotten terminated by DeviceForgotten;\n"
            + "@Name('resets') @Description('r') @Tag(name='severity', value='LOW')"
            + " @Tag(name='version', value='1')\n"
            + "context PerDevice select deviceKey, count(*) as n"
            + " from InformFact('0 BOOTSTRAP' in (eventCodes))#time(24 hours) having count(*) = 3;";
    engine.deploy(new RuleModule("resets", null, resets, "t"));
    for (String device : List.of("D1", "D2", "D3")) {
      engine.feed(inform(device, T0, "0 BOOTSTRAP"));
      engine.feed(inform(device, T0 + 1000, "0 BOOTSTRAP"));
    }
    engine.feed(new DeviceForgotten("D1", T0 + 2000));
    engine.feed(new DeviceForgotten("D9", T0 + 2000)); // never seen: nothing to end
    for (String device : List.of("D1", "D2", "D3")) {
      engine.feed(inform(device, T0 + 3000, "0 BOOTSTRAP"));
    }

    assertThat(engine.drain())
        .extracting(RuleOutput::deviceKey)
        .as("D1 starts over")
        .containsExactly("D2", "D3");
  }
}
