package io.cpesentinel.epl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs one rule module over its fixture in a fresh engine and compares what it produced with what
 * the fixture expects, exactly: same devices, times and details, nothing more.
 */
public final class FixtureRun {
  /** What the rule produced and, when it differs from the fixture, why. */
  public record Result(List<RuleOutput> outputs, List<String> mismatches) {
    public boolean passed() {
      return mismatches.isEmpty();
    }
  }

  private FixtureRun() {}

  public static Result run(RuleModule module, RuleFixture fixture, String runtimeUri)
      throws RuleRejectedException {
    List<Fact> facts = new ArrayList<>(fixture.toFacts());
    facts.sort(Comparator.comparingLong(Fact::getAt)); // stable: same time keeps file order
    List<RuleOutput> outputs = new ArrayList<>();
    try (CorrelationEngine engine = new EsperCorrelationEngine(runtimeUri)) {
      engine.advanceTo(fixture.start().toEpochMilli());
      engine.deploy(module);
      for (Fact fact : facts) {
        engine.feed(fact);
        outputs.addAll(engine.drain());
      }
      engine.advanceTo(fixture.start().plus(fixture.until()).toEpochMilli());
      outputs.addAll(engine.drain());
    }
    return new Result(outputs, compare(fixture, facts, outputs));
  }

  private static List<String> compare(
      RuleFixture fixture, List<Fact> facts, List<RuleOutput> outputs) {
    List<String> mismatches = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (RuleFixture.Expected e : fixture.expect()) {
      expected.add(describe(e.at(), e.device(), e.details()));
    }
    List<String> actual = new ArrayList<>();
    for (RuleOutput o : outputs) {
      actual.add(
          describe(
              Duration.between(fixture.start(), Instant.ofEpochMilli(o.at())),
              o.deviceKey(),
              o.details()));
    }
    List<String> missing = new ArrayList<>(expected);
    actual.forEach(missing::remove);
    List<String> unexpected = new ArrayList<>(actual);
    expected.forEach(unexpected::remove);
    missing.forEach(m -> mismatches.add("expected but not produced: " + m));
    unexpected.forEach(u -> mismatches.add("produced but not expected: " + u));
    Set<String> devices = facts.stream().map(Fact::getDeviceKey).collect(Collectors.toSet());
    for (String benign : fixture.benign()) {
      if (!devices.contains(benign)) {
        mismatches.add("benign look-alike " + benign + " has no facts");
      }
      if (fixture.expect().stream().anyMatch(e -> e.device().equals(benign))) {
        mismatches.add("benign look-alike " + benign + " is expected to alert");
      }
    }
    return mismatches;
  }

  static String describe(Duration at, String device, Map<String, String> details) {
    return "at +" + at + " device " + device + " " + new TreeMap<>(details);
  }
}
