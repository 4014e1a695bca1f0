package io.cpesentinel.sim.fleet;

import java.util.List;

/**
 * A region of the simulated ISP's access network: devices get WAN addresses from its prefix (a /12
 * of the shared address space 100.64.0.0/10, about a million addresses), the way an ISP's address
 * plan in detection.yaml ({@code regions:}) names them.
 *
 * @param name as in the address plan
 * @param base the first address of the prefix as an int
 * @param prefixLength of the prefix
 */
public record Region(String name, int base, int prefixLength) {
  /** north, south, east, west: the four /12s of 100.64.0.0/10. */
  public static List<Region> all() {
    return List.of(
        new Region("north", ip(100, 64, 0, 0), 12),
        new Region("south", ip(100, 80, 0, 0), 12),
        new Region("east", ip(100, 96, 0, 0), 12),
        new Region("west", ip(100, 112, 0, 0), 12));
  }

  /** The prefix in CIDR notation. */
  public String cidr() {
    return text(base) + "/" + prefixLength;
  }

  /** The {@code host}-th address of the prefix (wrapping), never the network address. */
  public String address(int host) {
    int size = 1 << (32 - prefixLength);
    return text(base + 1 + Math.floorMod(host, size - 2));
  }

  private static int ip(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }

  private static String text(int ip) {
    return ((ip >>> 24) & 0xff)
        + "."
        + ((ip >>> 16) & 0xff)
        + "."
        + ((ip >>> 8) & 0xff)
        + "."
        + (ip & 0xff);
  }
}
