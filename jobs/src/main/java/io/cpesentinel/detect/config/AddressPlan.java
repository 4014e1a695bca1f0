package io.cpesentinel.detect.config;

import io.cpesentinel.config.ConfigException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which region a device is in, from the address it reached the ingest from and the ISP's address
 * plan ({@code regions:} in {@code detection.yaml}: region name to IPv4/IPv6 prefixes). CPEs do not
 * report where they are, but an ISP's access networks (and CGNAT pools) are assigned per region, so
 * the prefix is the most dependable region a stream processor can know without an inventory. The
 * most specific prefix wins; an address in no prefix has no region.
 *
 * <p>Lookups cost one hash probe per distinct prefix length in the plan, whatever its size.
 */
public final class AddressPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Dotted-quad IPv4 or anything with a colon (IPv6): never a host name to look up. */
  private static final Pattern LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

  /** Prefix length to (masked network bytes to region), most specific length first. */
  private final TreeMap<Integer, Map<ByteBuffer, String>> v4 = new TreeMap<>((a, b) -> b - a);

  private final TreeMap<Integer, Map<ByteBuffer, String>> v6 = new TreeMap<>((a, b) -> b - a);

  /**
   * @param regions region name to prefixes such as {@code 198.51.100.0/24} or {@code
   *     2001:db8:100::/40}
   * @throws ConfigException naming the region and prefix that is not a prefix, or a prefix listed
   *     under two regions
   */
  public AddressPlan(Map<String, List<String>> regions) {
    Map<String, String> seen = new HashMap<>();
    regions.forEach(
        (region, prefixes) -> {
          if (region == null || region.isBlank()) {
            throw new ConfigException("regions", "a region needs a name");
          }
          ConfigException.required(prefixes, "regions." + region);
          for (String prefix : prefixes) {
            String key = "regions." + region;
            String other = seen.put(prefix, region);
            if (other != null && !other.equals(region)) {
              throw new ConfigException(key, prefix + " is already listed under region " + other);
            }
            add(prefix, region, key);
          }
        });
  }

  /** An empty plan: no device has a region. */
  public static AddressPlan none() {
    return new AddressPlan(Map.of());
  }

  public boolean isEmpty() {
    return v4.isEmpty() && v6.isEmpty();
  }

  /** The region of {@code address} (an IP literal), or null when no prefix holds it. */
  public String regionOf(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return null;
    }
    var byLength = bytes.length == 4 ? v4 : v6;
    for (var entry : byLength.entrySet()) {
      String region = entry.getValue().get(ByteBuffer.wrap(mask(bytes, entry.getKey())));
      if (region != null) {
        return region;
      }
    }
    return null;
  }

  private void add(String prefix, String region, String key) {
    int slash = prefix.indexOf('/');
    byte[] network = slash < 0 ? null : literal(prefix.substring(0, slash));
    if (network == null) {
      throw new ConfigException(
          key, "'" + prefix + "' is not an address prefix such as 198.51.100.0/24");
    }
    int length;
    try {
      length = Integer.parseInt(prefix.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + prefix + "' has no prefix length after the '/'");
    }
    if (length < 0 || length > network.length * 8) {
      throw new ConfigException(
          key, "'" + prefix + "' prefix length must be 0.." + network.length * 8);
    }
    byte[] masked = mask(network, length);
    if (!ByteBuffer.wrap(masked).equals(ByteBuffer.wrap(network))) {
      throw new ConfigException(
          key, "'" + prefix + "' has host bits set (did you mean the network address?)");
    }
    (network.length == 4 ? v4 : v6)
        .computeIfAbsent(length, l -> new HashMap<>())
        .put(ByteBuffer.wrap(masked), region);
  }

  /** The address bytes of an IP literal (never a DNS lookup), or null if it is not one. */
  private static byte[] literal(String text) {
    if (text == null || text.isEmpty() || !LITERAL.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] mask(byte[] address, int length) {
    byte[] masked = address.clone();
    for (int bit = length; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }
}
