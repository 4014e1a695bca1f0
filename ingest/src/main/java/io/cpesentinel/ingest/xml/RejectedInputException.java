package io.cpesentinel.ingest.xml;

/**
 * Input the ingest refuses, with a {@link RejectReason} for counting and routing and a sentence
 * that says what exactly is wrong, for the peer's error response and the dead-letter header.
 */
public final class RejectedInputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  public RejectedInputException(RejectReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public RejectedInputException(RejectReason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }

  /** {@code REASON: detail}, as sent to the peer and written to the dead-letter header. */
  public String describe() {
    return reason.name() + ": " + getMessage();
  }
}
