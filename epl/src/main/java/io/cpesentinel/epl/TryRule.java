package io.cpesentinel.epl;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The rule author's loop: {@code TryRule <rule.epl> <fixture.yaml>} compiles the module, runs the
 * fixture's facts through it and prints every alert and how it compares with the fixture. Exit code
 * 0 when the fixture passes, 1 when it does not, 2 when the module is rejected.
 */
public final class TryRule {
  private TryRule() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: TryRule <rule.epl> <fixture.yaml>");
      System.exit(2);
    }
    RuleModule module = ShippedRules.fromFile(Path.of(args[0]));
    RuleFixture fixture = RuleFixture.read(Path.of(args[1]));
    FixtureRun.Result result;
    try {
      result = FixtureRun.run(module, fixture, "try-" + module.ruleId());
    } catch (RuleRejectedException e) {
      System.out.println("REJECTED " + e.getMessage());
      System.exit(2);
      return;
    }
    for (RuleOutput output : result.outputs()) {
      System.out.println(
          format(output)
              + " (+"
              + Duration.between(fixture.start(), Instant.ofEpochMilli(output.at()))
              + ")");
    }
    System.out.println(result.outputs().size() + " alert(s)");
    if (result.passed()) {
      System.out.println("fixture: PASSED");
    } else {
      result.mismatches().forEach(m -> System.out.println("fixture: " + m));
      System.out.println("fixture: FAILED");
      System.exit(1);
    }
  }

  /** One line per alert: time, rule and version, severity, device, details, event ids. */
  public static String format(RuleOutput output) {
    return Instant.ofEpochMilli(output.at())
        + " "
        + output.rule().ruleId()
        + " v"
        + output.rule().version()
        + " "
        + output.rule().severity()
        + " "
        + output.deviceKey()
        + " "
        + output.details()
        + (output.eventIds().isEmpty() ? "" : " events " + output.eventIds());
  }
}
