package io.cpesentinel.epl;

/** The metadata a rule module declares on its alert statement. */
public record RuleInfo(
    String ruleId,
    String version,
    String severity,
    String title,
    String description,
    boolean quarantineEligible) {}
