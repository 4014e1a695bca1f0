package io.cpesentinel.detect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressPlanTest {
  private final AddressPlan plan =
      new AddressPlan(
          Map.of(
              "north", List.of("198.51.100.0/24", "2001:db8:100::/40"),
              "north-cgnat", List.of("198.51.100.128/25"),
              "south", List.of("203.0.113.0/24", "100.64.0.0/10")));

  @Test
  void mostSpecificPrefixWins() {
    assertThat(plan.regionOf("198.51.100.7")).isEqualTo("north");
    assertThat(plan.regionOf("198.51.100.200")).isEqualTo("north-cgnat");
    assertThat(plan.regionOf("100.100.1.1")).isEqualTo("south");
  }

  @Test
  void ipv6AndIpv4MappedAddressesAreLookedUp() {
    assertThat(plan.regionOf("2001:db8:1ff:ffff::1")).isEqualTo("north");
    assertThat(plan.regionOf("2001:db8:200::1")).isNull();
    assertThat(plan.regionOf("::ffff:203.0.113.9")).isEqualTo("south");
  }

  @Test
  void addressesOutsideThePlanAndNonLiteralsHaveNoRegion() {
    assertThat(plan.regionOf("192.0.2.1")).isNull();
    assertThat(plan.regionOf("cafe")).as("a host name is never looked up").isNull();
    assertThat(plan.regionOf(null)).isNull();
  }

  @Test
  void malformedPrefixesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new AddressPlan(Map.of("x", List.of("198.51.100.0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("regions.x: '198.51.100.0' is not an address prefix");
    assertThatThrownBy(() -> new AddressPlan(Map.of("x", List.of("198.51.100.0/33"))))
        .hasMessageContaining("prefix length must be 0..32");
    assertThatThrownBy(() -> new AddressPlan(Map.of("x", List.of("example.net/24"))))
        .hasMessageContaining("is not an address prefix");
    assertThatThrownBy(
            () ->
                new AddressPlan(
                    Map.of("a", List.of("203.0.113.0/24"), "b", List.of("203.0.113.0/24"))))
        .hasMessageContaining("is already listed under region");
  }
}
