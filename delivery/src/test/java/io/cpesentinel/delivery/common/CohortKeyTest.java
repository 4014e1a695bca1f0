package io.cpesentinel.delivery.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CohortKeyTest {
  @Test
  void dimensionsAreSortedSoTheSameCohortAlwaysHasTheSameKey() {
    assertThat(CohortKey.of(Map.of("softwareVersion", "1.2", "productClass", "HGW")))
        .isEqualTo("productClass=HGW,softwareVersion=1.2");
    assertThat(CohortKey.of(Map.of())).isEqualTo(CohortKey.NONE);
  }
}
