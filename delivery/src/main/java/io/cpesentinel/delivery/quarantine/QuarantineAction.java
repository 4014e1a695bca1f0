package io.cpesentinel.delivery.quarantine;

/**
 * One decision of the quarantine hook and, once carried out, its outcome: the unit of the audit
 * trail (one Elasticsearch document per {@link #actionId}) and of the calls to the ACS. The id is
 * deterministic (derived from the alert or command that caused it), so a replay after a restart
 * rewrites the same audit document and re-sends the same webhook id, which receivers use as the
 * idempotency key. A Flink POJO.
 */
public class QuarantineAction {
  public String actionId;
  public ActionKind kind;
  public Outcome outcome;

  /** Set when {@link #kind} is {@link ActionKind#WITHHELD} or a breaker trip. */
  public Guardrail guardrail;

  /** A sentence for the audit: why this was done or not. */
  public String detail;

  public String deviceKey;
  public String cohortKey;
  public String alertId;
  public String ruleId;
  public String severity;

  /** Who asked: {@code alert}, {@code incident-resolved}, or {@code operator}. */
  public String trigger;

  /** The operator behind a command, when there is one. */
  public String operator;

  /** Alert or command time (event time, never the wall clock), epoch millis. */
  public long atMillis;

  public boolean dryRun;

  /** What the ACS side answered, filled in when the action is carried out. */
  public String result;

  public QuarantineAction() {}

  public QuarantineAction copy() {
    QuarantineAction c = new QuarantineAction();
    c.actionId = actionId;
    c.kind = kind;
    c.outcome = outcome;
    c.guardrail = guardrail;
    c.detail = detail;
    c.deviceKey = deviceKey;
    c.cohortKey = cohortKey;
    c.alertId = alertId;
    c.ruleId = ruleId;
    c.severity = severity;
    c.trigger = trigger;
    c.operator = operator;
    c.atMillis = atMillis;
    c.dryRun = dryRun;
    c.result = result;
    return c;
  }

  @Override
  public String toString() {
    return kind + " " + outcome + " device=" + deviceKey + " alert=" + alertId + " id=" + actionId;
  }
}
