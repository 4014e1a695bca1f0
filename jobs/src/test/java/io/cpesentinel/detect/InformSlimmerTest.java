package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.schema.CwmpInform;
import java.util.List;
import org.junit.jupiter.api.Test;

class InformSlimmerTest {
  private final ParameterMatcher matcher =
      new ParameterMatcher(ConfigFiles.defaults().catalog().parameters());
  private final InformSlimmer slimmer = new InformSlimmer(matcher);

  @Test
  void keepsTheIdentityEventsAndCriticalParametersOnly() {
    CwmpInform inform =
        Fixtures.inform(
            Fixtures.T0,
            List.of("1 BOOT", "M Reboot:rb-1"),
            "Device.DeviceInfo.UpTime",
            "1234",
            "Device.DNS.Client.Server.1.DNSServer",
            "192.0.2.53",
            "Device.IP.Interface.1.Stats.BytesSent",
            "99");

    DeviceInform slim = slimmer.slim(inform);

    assertThat(slim.deviceKey).isEqualTo(Fixtures.KEY);
    assertThat(slim.eventId).isEqualTo(inform.getEventId());
    assertThat(slim.receivedAt).isEqualTo(Fixtures.T0);
    assertThat(slim.serialNumber).isEqualTo("S1");
    assertThat(slim.sourceIp).isEqualTo("198.51.100.7");
    assertThat(slim.eventCodes).containsExactly("1 BOOT", "M Reboot");
    assertThat(paths(slim))
        .containsExactly(
            "Device.DeviceInfo.SoftwareVersion",
            "Device.DeviceInfo.HardwareVersion",
            "Device.ManagementServer.ParameterKey",
            "Device.DNS.Client.Server.1.DNSServer");
    assertThat(slim.values).containsExactly("5.4.1", "HW-2", "pk-1", "192.0.2.53");
    assertThat(slim.match(3, matcher).key()).isEqualTo("dns.wan-server#1");
    assertThat(slim.paths).as("every path here is rebuilt from its pattern").containsOnlyNulls();
  }

  @Test
  void rebuildsMultiInstancePathsAndKeepsVendorWildcardPaths() {
    String wan =
        "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.2.WANPPPConnection.3.DNSServers";
    String telnet = "InternetGatewayDevice.X_ACME_Services.TelnetEnable";
    DeviceInform slim =
        slimmer.slim(
            Fixtures.inform(Fixtures.T0, List.of("2 PERIODIC"), wan, "1.1.1.1", telnet, "1"));

    assertThat(paths(slim)).endsWith(wan, telnet);
    assertThat(slim.instances).endsWith("1.2.3", "");
    assertThat(slim.paths).endsWith(null, telnet);
  }

  private List<String> paths(DeviceInform slim) {
    return java.util.stream.IntStream.range(0, slim.size())
        .mapToObj(i -> slim.path(i, matcher))
        .toList();
  }
}
