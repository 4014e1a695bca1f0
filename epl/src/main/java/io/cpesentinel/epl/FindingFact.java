package io.cpesentinel.epl;

/**
 * What the job's own per-device detectors found, fed back to the rules: one fact per alert and
 * changed parameter, e.g. {@code ruleId='critical-parameter-change'}, {@code parameter='dns.wan-
 * server'} with old and new value (null when the alert lists no change).
 */
public final class FindingFact extends Fact {
  private static final long serialVersionUID = 1L;

  private final String ruleId;
  private final String severity;
  private final String parameter;
  private final String oldValue;
  private final String newValue;

  public FindingFact(
      String deviceKey,
      long at,
      String eventId,
      String ruleId,
      String severity,
      String parameter,
      String oldValue,
      String newValue) {
    super(deviceKey, at, eventId);
    this.ruleId = ruleId;
    this.severity = severity;
    this.parameter = parameter;
    this.oldValue = oldValue;
    this.newValue = newValue;
  }

  public String getRuleId() {
    return ruleId;
  }

  public String getSeverity() {
    return severity;
  }

  /** Canonical parameter name without instance, e.g. {@code dns.wan-server}; may be null. */
  public String getParameter() {
    return parameter;
  }

  public String getOldValue() {
    return oldValue;
  }

  public String getNewValue() {
    return newValue;
  }

  @Override
  public String toString() {
    return "FindingFact{"
        + getDeviceKey()
        + " at "
        + getAt()
        + " "
        + ruleId
        + " "
        + parameter
        + "}";
  }
}
