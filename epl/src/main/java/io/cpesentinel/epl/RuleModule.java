package io.cpesentinel.epl;

/**
 * The text of one rule module to load: {@code ruleId} names the rule (its alert statement's
 * {@code @Name} must be the same), {@code source} says where the text came from (a file, a topic
 * offset) so a compile error can point at it.
 */
public record RuleModule(String ruleId, String version, String epl, String source) {
  public RuleModule {
    if (ruleId == null || ruleId.isBlank()) {
      throw new IllegalArgumentException(source + ": a rule module needs a rule id");
    }
    if (epl == null) {
      throw new IllegalArgumentException(source + ": no EPL text");
    }
  }
}
