package io.cpesentinel.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected keys follow GenieACS's device-id rules, so keys work as GenieACS NBI ids. */
class DeviceKeysTest {

  @Test
  void plainPartsAreJoinedWithDashes() {
    assertThat(DeviceKeys.of("00259E", "HG8245H", "4857544312345678"))
        .isEqualTo("00259E-HG8245H-4857544312345678");
  }

  @Test
  void everythingButAlphanumericsAndUnderscoreIsPercentEscapedUpperCase() {
    assertThat(DeviceKeys.of("0012AB", "HGW-5000 v2", "SN_1/2"))
        .isEqualTo("0012AB-HGW%2D5000%20v2-SN_1%2F2");
  }

  @Test
  void nonAsciiIsEscapedByteByByteInUtf8() {
    assertThat(DeviceKeys.of("0012AB", "Boîte", "😀1"))
        .isEqualTo("0012AB-Bo%C3%AEte-%F0%9F%98%801");
  }

  @Test
  void deviceWithoutProductClassIsOuiDashSerial() {
    assertThat(DeviceKeys.of("0012AB", "", "S1")).isEqualTo("0012AB-S1");
    assertThat(DeviceKeys.of("0012AB", null, "S1")).isEqualTo("0012AB-S1");
  }

  @Test
  void keyOfADeviceIdUsesItsParts() {
    assertThat(DeviceKeys.of(SampleRecords.tr181Device())).isEqualTo("0012AB-HGW%2D5000-S1234567");
  }

  @Test
  void partsContainingTheSeparatorCannotCollide() {
    assertThat(DeviceKeys.of("0012AB", "A-B", "C"))
        .isNotEqualTo(DeviceKeys.of("0012AB", "A", "B-C"));
  }
}
