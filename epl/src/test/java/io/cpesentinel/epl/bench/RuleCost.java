package io.cpesentinel.epl.bench;

import io.cpesentinel.epl.CorrelationEngine;
import io.cpesentinel.epl.EsperCorrelationEngine;
import io.cpesentinel.epl.Fact;
import io.cpesentinel.epl.InformFact;
import io.cpesentinel.epl.RuleModule;
import io.cpesentinel.epl.RuleRejectedException;
import io.cpesentinel.epl.ShippedRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What each shipped correlation rule costs the engine, alone and all together, side by side in one
 * run: a fleet's periodic Informs (in time order, as the job feeds them) through a fresh engine per
 * rule set, reported as facts per second with the number of alerts raised (a rewrite of a rule
 * should raise as many as the original). The rule engine is the correlation operator's work, so a
 * rule author sees here which rule to write differently.
 *
 * <p>Usage: {@code epl/bench/rule-cost [devices=100000] [informs-per-device=10] [rounds=2]
 * [rule.epl|folder ...]}: rule files (alone) and folders of them (together) after the numbers are
 * measured next to the shipped ones: a rewrite of a rule against the original, in the same run.
 */
public final class RuleCost {
  private RuleCost() {}

  public static void main(String[] args) throws IOException {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int perDevice = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<Fact> facts = fleet(devices, perDevice);
    List<RuleModule> shipped = ShippedRules.fromClassPath();
    List<RuleSet> sets = new ArrayList<>();
    sets.add(new RuleSet("all shipped", shipped));
    shipped.forEach(rule -> sets.add(new RuleSet(rule.ruleId(), List.of(rule))));
    for (int i = 3; i < args.length; i++) {
      Path path = Path.of(args[i]);
      sets.add(
          new RuleSet(
              args[i],
              Files.isDirectory(path)
                  ? ShippedRules.fromFolder(path)
                  : List.of(ShippedRules.fromFile(path))));
    }
    System.out.printf(
        "%,d Informs of %,d devices (every 300 s, 1 in 50 a 1 BOOT, software versions moving"
            + " up; 1 in 1,000 bootstraps 3 times, 1 in 1,000 downgraded at the end), %d rounds%n",
        facts.size(), devices, rounds);
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < sets.size(); i++) {
        RuleSet set = sets.get(i);
        Result result = run(set.rules(), facts, "rule-cost-" + round + "-" + i);
        System.out.printf(
            "round %d  %-50s %,10.0f facts/s  %,d alerts%n",
            round, set.label(), result.factsPerSecond(), result.alerts());
      }
    }
  }

  /** Rules deployed together in one engine, and how the report names them. */
  private record RuleSet(String label, List<RuleModule> rules) {}

  /** One rule set's speed over the fleet, and how many alerts it raised there. */
  private record Result(double factsPerSecond, int alerts) {}

  private static Result run(List<RuleModule> rules, List<Fact> facts, String uri) {
    try (CorrelationEngine engine = new EsperCorrelationEngine(uri)) {
      for (RuleModule rule : rules) {
        engine.deploy(rule);
      }
      long start = System.nanoTime();
      int alerts = 0;
      for (Fact fact : facts) {
        engine.feed(fact);
        alerts += engine.drain().size();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(facts.size() / seconds, alerts);
    } catch (RuleRejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Every device informs every 300 s from a random phase; time order, as the operator feeds. */
  static List<Fact> fleet(int devices, int perDevice) {
    SplittableRandom random = new SplittableRandom(7);
    long[] phase = new long[devices];
    for (int d = 0; d < devices; d++) {
      phase[d] = random.nextLong(300_000);
    }
    List<Fact> facts = new ArrayList<>(devices * perDevice);
    long start = 1_700_000_000_000L;
    for (int round = 0; round < perDevice; round++) {
      for (int d = 0; d < devices; d++) {
        long at = start + round * 300_000L + phase[d];
        // A few devices do what the rules look for, so every version of a rule has alerts to
        // count: one in 1,000 bootstraps in the first three rounds, one in 1,000 is downgraded in
        // the last.
        List<String> codes =
            d % 1000 == 1 && round < 3
                ? List.of("0 BOOTSTRAP")
                : random.nextInt(50) == 0 ? List.of("1 BOOT") : List.of("2 PERIODIC");
        String version =
            d % 1000 == 0 && round == perDevice - 1 ? "0.9" : "1." + (d % 7) + "." + (round / 4);
        facts.add(
            new InformFact(
                "DEV-" + d, at, "e" + round + "-" + d, codes, Map.of(), version, 300L, "10.0.0.1"));
      }
    }
    facts.sort((a, b) -> Long.compare(a.getAt(), b.getAt()));
    return facts;
  }
}
