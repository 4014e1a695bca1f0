package io.cpesentinel.detect;

import io.cpesentinel.detect.config.AddressPlan;
import io.cpesentinel.schema.DeviceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the cohort a device belongs to from the configured dimensions, as a key such as {@code
 * productClass=HGW-5000|softwareVersion=5.4.1}, and turns a key back into its dimensions for
 * alerts. Values are escaped so a {@code |} or {@code =} in a product class cannot split a key; an
 * unknown value (no firmware reported yet, an address outside the plan) is {@code ?}.
 */
public final class CohortKeys {
  private final List<String> dimensions;
  private final AddressPlan regions;

  public CohortKeys(List<String> dimensions, AddressPlan regions) {
    this.dimensions = List.copyOf(dimensions);
    this.regions = regions;
  }

  /** The cohort of a device; {@code sourceIp} is the address its Inform came from, or null. */
  public String of(DeviceId id, String softwareVersion, String hardwareVersion, String sourceIp) {
    return of(
        id.getManufacturer(),
        id.getOui(),
        id.getProductClass(),
        softwareVersion,
        hardwareVersion,
        sourceIp);
  }

  /** The cohort of a device given its identity fields. */
  public String of(
      String manufacturer,
      String oui,
      String productClass,
      String softwareVersion,
      String hardwareVersion,
      String sourceIp) {
    StringBuilder key = new StringBuilder();
    for (String dimension : dimensions) {
      String value =
          switch (dimension) {
            case "manufacturer" -> manufacturer;
            case "oui" -> oui;
            case "productClass" -> productClass;
            case "softwareVersion" -> softwareVersion;
            case "hardwareVersion" -> hardwareVersion;
            case "region" -> regions.regionOf(sourceIp);
            default -> throw new IllegalStateException("unchecked dimension " + dimension);
          };
      if (key.length() > 0) {
        key.append('|');
      }
      key.append(dimension).append('=').append(escape(value == null ? "?" : value));
    }
    return key.toString();
  }

  /** The dimensions of a key made by {@link #of}. */
  public static Map<String, String> dimensions(String cohortKey) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String part : cohortKey.split("\\|")) {
      int eq = part.indexOf('=');
      result.put(part.substring(0, eq), unescape(part.substring(eq + 1)));
    }
    return result;
  }

  private static String escape(String value) {
    return value.replace("%", "%25").replace("|", "%7C").replace("=", "%3D");
  }

  private static String unescape(String value) {
    return value.replace("%3D", "=").replace("%7C", "|").replace("%25", "%");
  }
}
