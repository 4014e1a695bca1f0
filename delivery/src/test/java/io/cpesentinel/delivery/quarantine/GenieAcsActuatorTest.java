package io.cpesentinel.delivery.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class GenieAcsActuatorTest {
  @Test
  void theDeviceIdIsUrlEncodedIncludingItsOwnPercentEscapes() {
    GenieAcsActuator nbi =
        new GenieAcsActuator(
            URI.create("https://nbi.isp.example:7557"), "quarantine now", null, null);

    assertThat(nbi.tagUrl("0012AB-HGW%2D5000-S1").toString())
        .isEqualTo(
            "https://nbi.isp.example:7557/devices/0012AB-HGW%252D5000-S1/tags/quarantine%20now");
  }
}
