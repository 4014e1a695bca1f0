package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import org.junit.jupiter.api.Test;

class ParameterMatcherTest {
  private final ParameterMatcher matcher =
      new ParameterMatcher(ConfigFiles.defaults().catalog().parameters());

  @Test
  void tr098AndTr181PathsOfOneSettingShareItsCanonicalNameAndKeepTheirInstance() {
    assertThat(
            matcher
                .match(
                    "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.2.WANPPPConnection.3.DNSServers")
                .key())
        .isEqualTo("dns.wan-server#1.2.3");
    assertThat(matcher.match("Device.DNS.Client.Server.4.DNSServer").key())
        .isEqualTo("dns.wan-server#4");
    assertThat(matcher.match("Device.ManagementServer.URL").key()).isEqualTo("acs.url");
    assertThat(matcher.match("InternetGatewayDevice.ManagementServer.URL").key())
        .isEqualTo("acs.url");
  }

  @Test
  void instanceNumbersInsideASegmentAndVendorWildcardsMatch() {
    assertThat(matcher.match("InternetGatewayDevice.Time.NTPServer2").key())
        .isEqualTo("ntp.server#2");
    assertThat(matcher.match("InternetGatewayDevice.X_ACME_Services.TelnetEnable").key())
        .isEqualTo("remote-access.telnet-enable");
  }

  @Test
  void answersStayRightOnceTheMemoOfPathsIsFull() {
    for (int i = 0; i < ParameterMatcher.MEMO_CAPACITY + 10; i++) {
      assertThat(matcher.match("Device.Hosts.Host." + i + ".HostName")).isNull();
    }
    assertThat(matcher.match("Device.DNS.Client.Server.7.DNSServer").key())
        .isEqualTo("dns.wan-server#7");
    assertThat(matcher.match("Device.DNS.Client.Server.7.DNSServer").key())
        .isEqualTo("dns.wan-server#7");
    assertThat(matcher.match("Device.DeviceInfo.UpTime")).isNull();
  }

  @Test
  void otherParametersAndLookAlikesAreNotCritical() {
    assertThat(matcher.match("Device.DeviceInfo.UpTime")).isNull();
    assertThat(matcher.match("Device.ManagementServer.URLx")).isNull();
    assertThat(matcher.match("Device.DNS.Client.Server.x.DNSServer")).isNull();
    assertThat(matcher.match("Device.X.Y.ManagementServer.URL")).isNull();
  }
}
