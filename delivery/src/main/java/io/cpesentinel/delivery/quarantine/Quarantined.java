package io.cpesentinel.delivery.quarantine;

/**
 * A device the hook has quarantined (or, in dry-run, would have): which incident did it, so the
 * incident's resolution releases it, and which cohort it counts against. A Flink POJO kept in
 * state.
 */
public class Quarantined {
  public String alertId;
  public String cohortKey;
  public long atMillis;

  public Quarantined() {}

  public Quarantined(String alertId, String cohortKey, long atMillis) {
    this.alertId = alertId;
    this.cohortKey = cohortKey;
    this.atMillis = atMillis;
  }
}
