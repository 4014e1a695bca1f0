package io.cpesentinel.detect;

import static io.cpesentinel.detect.Fixtures.inform;
import static io.cpesentinel.detect.Fixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class InformDigestTest {
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";

  private final InformSlimmer slimmer = new InformSlimmer(ConfigFiles.defaults());
  private final InformDigest digest = new InformDigest(1, 2);

  @Test
  void sameValuesAtAnotherTimeWithOtherEventsHaveOneDigest() {
    long first = digest.of(slim(0, List.of("2 PERIODIC"), DNS, "192.0.2.53"));
    long later = digest.of(slim(10, List.of("6 CONNECTION REQUEST"), DNS, "192.0.2.53"));

    assertThat(first).isEqualTo(later).isNotZero();
  }

  @Test
  void anyChangedValueChangesTheDigest() {
    long before = digest.of(slim(0, List.of("2 PERIODIC"), DNS, "192.0.2.53"));

    assertThat(digest.of(slim(10, List.of("2 PERIODIC"), DNS, "192.0.2.54"))).isNotEqualTo(before);
    assertThat(digest.of(slim(10, List.of("2 PERIODIC")))).isNotEqualTo(before);
  }

  @Test
  void valuesCannotShiftAcrossFieldBoundaries() {
    DeviceInform a = slim(0, List.of("2 PERIODIC"));
    DeviceInform b = slim(0, List.of("2 PERIODIC"));
    a.oui = "00";
    a.productClass = "12AB";
    b.oui = "0012";
    b.productClass = "AB";

    assertThat(digest.of(a)).isNotEqualTo(digest.of(b));
  }

  @Test
  void charactersAboveAsciiAreNotReducedToTheirLowByte() {
    long ascii = digest.of(slim(0, List.of("2 PERIODIC"), DNS, "A"));

    assertThat(digest.of(slim(0, List.of("2 PERIODIC"), DNS, "\u0141"))).isNotEqualTo(ascii);
  }

  @Test
  void anotherKeyGivesAnotherDigest() {
    DeviceInform inform = slim(0, List.of("2 PERIODIC"), DNS, "192.0.2.53");

    assertThat(new InformDigest(1, 3).of(inform)).isNotEqualTo(digest.of(inform));
  }

  private DeviceInform slim(double minute, List<String> events, String... params) {
    return slimmer.slim(inform(minutes(minute), events, params));
  }
}
