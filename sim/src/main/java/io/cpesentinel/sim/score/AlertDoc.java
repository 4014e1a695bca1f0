package io.cpesentinel.sim.score;

/**
 * One alert document as the scorer needs it.
 *
 * @param firstSearchableAt when the scorer first found it in Elasticsearch (epoch ms), or -1 when
 *     it was not watching
 */
public record AlertDoc(
    String alertId,
    String ruleId,
    String subjectKey,
    String deviceKey,
    String status,
    String title,
    long firstSearchableAt) {
  public AlertDoc withFirstSearchableAt(long at) {
    return new AlertDoc(alertId, ruleId, subjectKey, deviceKey, status, title, at);
  }
}
