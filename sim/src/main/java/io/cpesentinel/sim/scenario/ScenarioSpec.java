package io.cpesentinel.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario to inject at a time after the fleet starts, at a scale: {@code NAME@SECONDS[:SCALE]},
 * e.g. {@code mirai-mass-reboot@120:0.8}. Scale multiplies the scenario's default size.
 */
public record ScenarioSpec(Scenario scenario, int atSecond, double scale) {
  private static final Pattern FORMAT =
      Pattern.compile("([a-z0-9-]+)@(\\d+)(?::(\\d+(?:\\.\\d+)?))?");

  public ScenarioSpec {
    if (atSecond < 0) {
      throw new IllegalArgumentException("scenario time: not negative");
    }
    if (!(scale > 0) || scale > 100) {
      throw new IllegalArgumentException(
          "scenario " + scenario.id() + ": scale must be in (0, 100], was " + scale);
    }
  }

  public static ScenarioSpec parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "scenario '" + text + "': expected NAME@SECONDS[:SCALE], e.g. ghostdns@90:1.5");
    }
    return new ScenarioSpec(
        Scenario.byId(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 1.0 : Double.parseDouble(m.group(3)));
  }

  /**
   * Every scenario once, timed for a run of {@code seconds} (at least 180): attacks and look-alikes
   * interleaved, the cohort-wide ones (mass reboot, outage) apart by more than a cohort window, and
   * the ACS hijack early enough that the device's silence (three inform intervals) is over before
   * the end.
   */
  public static List<ScenarioSpec> everyScenario(int seconds) {
    if (seconds < 180) {
      throw new IllegalArgumentException("a run with every scenario needs at least 180 s");
    }
    double f = Math.min(1.0, (seconds - 60) / 180.0);
    int warmup = 40;
    List<ScenarioSpec> plan = new ArrayList<>();
    plan.add(spec(Scenario.WIFI_PASSWORD_CHANGE, warmup + 5));
    plan.add(spec(Scenario.TELNET_WAN_UI, warmup + 10));
    plan.add(spec(Scenario.ACS_URL_HIJACK, warmup + 15));
    plan.add(spec(Scenario.ACS_DNS_CHANGE, warmup + 20));
    plan.add(spec(Scenario.GHOSTDNS, warmup + 25));
    plan.add(spec(Scenario.MIRAI_MASS_REBOOT, warmup + 30));
    plan.add(spec(Scenario.CREDENTIAL_STUFFING, warmup + (int) (50 * f)));
    plan.add(spec(Scenario.POWER_OUTAGE, warmup + 30 + Math.max(45, (int) (70 * f))));
    plan.add(spec(Scenario.WIFI_DOWNGRADE, warmup + (int) (90 * f)));
    plan.add(spec(Scenario.ROGUE_FIRMWARE, warmup + (int) (100 * f)));
    plan.add(spec(Scenario.FIRMWARE_ROLLOUT, warmup + (int) (120 * f)));
    return plan;
  }

  private static ScenarioSpec spec(Scenario scenario, int at) {
    return new ScenarioSpec(scenario, at, 1.0);
  }
}
