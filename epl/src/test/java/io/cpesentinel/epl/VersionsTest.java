package io.cpesentinel.epl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {
  @Test
  void digitRunsCompareAsNumbers() {
    assertThat(Versions.compare("1.2.9", "1.2.10")).isNegative();
    assertThat(Versions.compare("V2.0.1_B3", "V2.0.1_B2")).isPositive();
    assertThat(Versions.compare("1.02", "1.2")).isZero();
    assertThat(Versions.compare("1.2", "1.2.1")).isNegative();
    assertThat(Versions.compare("v1.0", "V1.0")).isZero();
    assertThat(Versions.compare(null, "1")).isZero();
  }
}
