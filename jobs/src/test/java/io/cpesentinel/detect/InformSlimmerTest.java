package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.ParameterValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class InformSlimmerTest {
  private final InformSlimmer slimmer = new InformSlimmer(ConfigFiles.defaults());

  @Test
  void keepsTheCriticalParametersAndEverythingElseOfTheInformAndLeavesTheInputAlone() {
    CwmpInform inform =
        Fixtures.inform(
            Fixtures.T0,
            List.of("1 BOOT"),
            "Device.DeviceInfo.UpTime",
            "1234",
            "Device.DNS.Client.Server.1.DNSServer",
            "192.0.2.53",
            "Device.IP.Interface.1.Stats.BytesSent",
            "99");

    inform.getParameters().forEach(p -> p.setType("xsd:string"));

    CwmpInform slim = slimmer.slim(inform);

    assertThat(slim.getParameters())
        .extracting(ParameterValue::getName)
        .containsExactlyInAnyOrder(
            "Device.DeviceInfo.SoftwareVersion",
            "Device.DeviceInfo.HardwareVersion",
            "Device.ManagementServer.ParameterKey",
            "Device.DNS.Client.Server.1.DNSServer");
    assertThat(slim.getParameters())
        .filteredOn(p -> p.getName().equals("Device.DNS.Client.Server.1.DNSServer"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo("192.0.2.53");
              assertThat(p.getType()).as("xsi:type is not needed downstream").isNull();
            });
    assertThat(slim.getEvents()).isEqualTo(inform.getEvents());
    assertThat(slim.getDeviceId()).isEqualTo(inform.getDeviceId());
    assertThat(slim.getEventId()).isEqualTo(inform.getEventId());
    assertThat(inform.getParameters()).hasSize(6);
  }
}
