package io.cpesentinel.sim.score;

import io.cpesentinel.sim.scenario.Expectation;
import io.cpesentinel.sim.scenario.GroundTruth;
import io.cpesentinel.sim.scenario.Injection;
import io.cpesentinel.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a run: which attacks were detected (every expected alert present), how long it took from
 * the injection to the first and to the last expected alert being searchable, and which alerts were
 * false (about a benign look-alike, or about nothing injected at all).
 */
public final class Scorer {
  private Scorer() {}

  /** One scenario's outcome. */
  public record Row(
      Injection injection,
      int expected,
      int found,
      long firstDetectMillis,
      long fullDetectMillis,
      List<AlertDoc> trueAlerts,
      List<AlertDoc> falseAlerts) {
    public boolean attack() {
      return injection.kind() == Scenario.Kind.ATTACK;
    }

    /** Attack: every expected alert is there. Benign: no alert at all. */
    public boolean passed() {
      return attack() ? found == expected : falseAlerts.isEmpty();
    }
  }

  /** The whole run. */
  public record Score(List<Row> rows, List<AlertDoc> unattributed, int alerts) {
    public boolean passed() {
      return unattributed.isEmpty() && rows.stream().allMatch(Row::passed);
    }

    public long attacks() {
      return rows.stream().filter(Row::attack).count();
    }

    public long detected() {
      return rows.stream().filter(r -> r.attack() && r.passed()).count();
    }

    public long falseAlerts() {
      return unattributed.size() + rows.stream().mapToLong(r -> r.falseAlerts().size()).sum();
    }

    /** True alerts over all alerts; 1 when there are none. */
    public double precision() {
      return alerts == 0 ? 1.0 : (alerts - falseAlerts()) / (double) alerts;
    }

    /** Detected attacks over attacks. */
    public double recall() {
      return attacks() == 0 ? 1.0 : detected() / (double) attacks();
    }
  }

  public static Score score(GroundTruth truth, List<AlertDoc> alerts) {
    List<Row> rows = new ArrayList<>();
    List<AlertDoc> unattributed = new ArrayList<>();
    List<List<AlertDoc>> trueAlerts = new ArrayList<>();
    List<List<AlertDoc>> falseAlerts = new ArrayList<>();
    for (int i = 0; i < truth.injections().size(); i++) {
      trueAlerts.add(new ArrayList<>());
      falseAlerts.add(new ArrayList<>());
    }
    for (AlertDoc alert : alerts) {
      int owner = owner(truth.injections(), alert, Scenario.Kind.ATTACK);
      if (owner >= 0) {
        trueAlerts.get(owner).add(alert);
        continue;
      }
      owner = owner(truth.injections(), alert, Scenario.Kind.BENIGN);
      if (owner >= 0) {
        falseAlerts.get(owner).add(alert);
      } else {
        unattributed.add(alert);
      }
    }
    for (int i = 0; i < truth.injections().size(); i++) {
      Injection injection = truth.injections().get(i);
      int found = 0;
      long first = Long.MAX_VALUE;
      long last = -1;
      boolean timed = true;
      for (Expectation expectation : injection.expected()) {
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (AlertDoc alert : trueAlerts.get(i)) {
          if (expectation.matches(alert.ruleId(), alert.subjectKey())) {
            any = true;
            if (alert.firstSearchableAt() < 0) {
              timed = false;
            } else {
              earliest = Math.min(earliest, alert.firstSearchableAt());
            }
          }
        }
        if (any) {
          found++;
          if (earliest != Long.MAX_VALUE) {
            first = Math.min(first, earliest);
            last = Math.max(last, earliest);
          }
        }
      }
      boolean complete = found == injection.expected().size() && found > 0;
      rows.add(
          new Row(
              injection,
              injection.expected().size(),
              found,
              timed && first != Long.MAX_VALUE ? first - injection.injectedAt() : -1,
              timed && complete ? last - injection.injectedAt() : -1,
              trueAlerts.get(i),
              falseAlerts.get(i)));
    }
    return new Score(rows, unattributed, alerts.size());
  }

  private static int owner(List<Injection> injections, AlertDoc alert, Scenario.Kind kind) {
    for (int i = 0; i < injections.size(); i++) {
      Injection injection = injections.get(i);
      if (injection.kind() == kind && injection.concerns(alert.subjectKey(), alert.deviceKey())) {
        return i;
      }
    }
    return -1;
  }

  /** The table the demo prints. */
  public static String table(Score score) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-22s %-6s %5s %7s %9s  %-9s %11s %12s %6s%n",
            "scenario",
            "kind",
            "at s",
            "devices",
            "expected",
            "result",
            "first alert",
            "all alerts",
            "false"));
    for (Row row : score.rows()) {
      Injection in = row.injection();
      String result =
          row.attack()
              ? (row.passed() ? "DETECTED" : row.found() == 0 ? "MISSED" : "PARTIAL")
              : (row.passed() ? "quiet" : "ALERTED");
      out.append(
          String.format(
              "%-22s %-6s %5d %7d %9s  %-9s %11s %12s %6d%n",
              in.scenario(),
              row.attack() ? "attack" : "benign",
              in.atSecond(),
              in.devices().size(),
              row.attack() ? row.found() + "/" + row.expected() : "-",
              result,
              seconds(row.firstDetectMillis()),
              seconds(row.fullDetectMillis()),
              row.falseAlerts().size()));
    }
    out.append(
        String.format(
            "attacks detected %d/%d (recall %.2f); alerts %d, false %d (%d about benign"
                + " look-alikes, %d about nothing injected); precision %.2f%n",
            score.detected(),
            score.attacks(),
            score.recall(),
            score.alerts(),
            score.falseAlerts(),
            score.falseAlerts() - score.unattributed().size(),
            score.unattributed().size(),
            score.precision()));
    for (Row row : score.rows()) {
      for (AlertDoc alert : row.falseAlerts()) {
        out.append("  false alert (").append(row.injection().scenario()).append("): ");
        describe(out, alert);
      }
      if (row.attack() && !row.passed()) {
        for (Expectation expectation : row.injection().expected()) {
          boolean found =
              row.trueAlerts().stream()
                  .anyMatch(a -> expectation.matches(a.ruleId(), a.subjectKey()));
          if (!found) {
            out.append("  missing (")
                .append(row.injection().scenario())
                .append("): ")
                .append(expectation.rule())
                .append(" about ")
                .append(expectation.subject())
                .append('\n');
          }
        }
      }
    }
    for (AlertDoc alert : score.unattributed()) {
      out.append("  false alert (nothing injected): ");
      describe(out, alert);
    }
    return out.toString();
  }

  private static void describe(StringBuilder out, AlertDoc alert) {
    out.append(alert.ruleId())
        .append(" about ")
        .append(alert.subjectKey())
        .append(": ")
        .append(alert.title())
        .append('\n');
  }

  private static String seconds(long millis) {
    return millis < 0 ? "-" : String.format("%.1f s", millis / 1000.0);
  }
}
