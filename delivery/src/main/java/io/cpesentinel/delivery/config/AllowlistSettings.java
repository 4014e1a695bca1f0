package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Devices and cohorts the quarantine hook never touches (lab devices, VIP customers, a model known
 * to misreport). A cohort entry matches an alert whose cohort has all of the entry's dimensions
 * with the same values, e.g. {@code {productClass: HGW-5000}} matches every software version of it.
 *
 * @param devices device keys (GenieACS device ids)
 * @param cohorts partial cohorts
 */
public record AllowlistSettings(List<String> devices, List<Map<String, String>> cohorts)
    implements Serializable {
  public static final AllowlistSettings EMPTY = new AllowlistSettings(null, null);

  public AllowlistSettings {
    devices = devices == null ? List.of() : List.copyOf(devices);
    cohorts = cohorts == null ? List.of() : cohorts.stream().map(Map::copyOf).toList();
    for (int i = 0; i < cohorts.size(); i++) {
      ConfigException.require(
          !cohorts.get(i).isEmpty(),
          "cohorts[" + i + "]",
          "an empty cohort would match every device; name at least one dimension");
    }
  }
}
