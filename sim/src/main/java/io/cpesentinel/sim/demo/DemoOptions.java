package io.cpesentinel.sim.demo;

import io.cpesentinel.sim.scenario.ScenarioSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a demo run does. {@code --devices}, {@code --minutes}/{@code --seconds}, {@code --interval},
 * {@code --transport http|kafka}, {@code --scenario NAME@SECONDS[:SCALE]} (repeatable; default:
 * every scenario), {@code --kafka}, {@code --es}, {@code --seed}, {@code --run-dir}, {@code
 * --settle} (longest wait for late alerts after the fleet's time is up, seconds).
 */
public record DemoOptions(
    int devices,
    int seconds,
    int intervalSeconds,
    boolean http,
    List<ScenarioSpec> scenarios,
    String kafka,
    String elasticsearch,
    long seed,
    Path runRoot,
    int settleSeconds) {

  public static final String USAGE =
      "usage: Demo [--devices N] [--minutes M | --seconds S] [--interval S] [--transport http|kafka]\n"
          + "            [--scenario NAME@SECONDS[:SCALE]]... [--kafka HOST:PORT] [--es URL]\n"
          + "            [--seed N] [--run-dir DIR] [--settle S]";

  public static DemoOptions parse(String[] args) {
    String home =
        System.getenv()
            .getOrDefault(
                "CPE_SENTINEL_HOME", "/var/tmp/cpe-sentinel-" + System.getProperty("user.name"));
    int devices = 3000;
    int seconds = 240;
    int interval = 30;
    boolean http = true;
    List<ScenarioSpec> scenarios = new ArrayList<>();
    String kafka = "127.0.0.1:" + System.getenv().getOrDefault("CPE_KAFKA_PORT", "9092");
    String es = "http://127.0.0.1:" + System.getenv().getOrDefault("CPE_ES_PORT", "9200");
    long seed = 7;
    Path runRoot = Path.of(home, "sim-runs");
    int settle = 120;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + ": needs a value\n" + USAGE);
      }
      String value = args[++i];
      try {
        switch (flag) {
          case "--devices" -> devices = Integer.parseInt(value);
          case "--minutes" -> seconds = (int) Math.round(Double.parseDouble(value) * 60);
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--interval" -> interval = Integer.parseInt(value);
          case "--transport" -> {
            if (!value.equals("http") && !value.equals("kafka")) {
              throw new IllegalArgumentException("--transport: http or kafka, was " + value);
            }
            http = value.equals("http");
          }
          case "--scenario" -> scenarios.add(ScenarioSpec.parse(value));
          case "--kafka" -> kafka = value;
          case "--es" -> es = value;
          case "--seed" -> seed = Long.parseLong(value);
          case "--run-dir" -> runRoot = Path.of(value);
          case "--settle" -> settle = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + ": not a number: " + value);
      }
    }
    if (devices < 10 || devices > 1_000_000) {
      throw new IllegalArgumentException("--devices: 10 to 1,000,000, was " + devices);
    }
    if (seconds < 30) {
      throw new IllegalArgumentException("--seconds: at least 30, was " + seconds);
    }
    if (scenarios.isEmpty()) {
      scenarios = ScenarioSpec.everyScenario(seconds);
    }
    return new DemoOptions(
        devices, seconds, interval, http, List.copyOf(scenarios), kafka, es, seed, runRoot, settle);
  }
}
