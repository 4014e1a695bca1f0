package io.cpesentinel.delivery.quarantine;

/** Why and when the breaker tripped, and which page went out for it. A Flink POJO kept in state. */
public class BreakerTrip {
  public String pageAlertId;
  public long trippedAtMillis;
  public Guardrail cap;

  public BreakerTrip() {}

  public BreakerTrip(String pageAlertId, long trippedAtMillis, Guardrail cap) {
    this.pageAlertId = pageAlertId;
    this.trippedAtMillis = trippedAtMillis;
    this.cap = cap;
  }
}
