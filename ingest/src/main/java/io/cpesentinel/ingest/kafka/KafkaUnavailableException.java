package io.cpesentinel.ingest.kafka;

/**
 * Kafka cannot take a record now (too many unacknowledged records, buffer full, broker slow or
 * down). The ingest answers 503 with Retry-After: the peer keeps the data and retries, which is how
 * nothing is lost without buffering without bound.
 */
public final class KafkaUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String cause;

  public KafkaUnavailableException(String cause, String message, Throwable error) {
    super(message, error);
    this.cause = cause;
  }

  /** Short cause for the metric label: in_flight_limit, send_failed, ack_failed. */
  public String causeCode() {
    return cause;
  }
}
