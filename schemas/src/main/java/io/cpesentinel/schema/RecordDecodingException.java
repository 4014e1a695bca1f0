package io.cpesentinel.schema;

/**
 * A Kafka value that cannot be turned into the expected record. It carries a {@link Reason} so
 * callers can count rejects by cause and route the record to the dead-letter topic with a message
 * an operator can act on, instead of a stack trace from deep inside Avro.
 */
public final class RecordDecodingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a value could not be decoded. */
  public enum Reason {
    /** Shorter than the 10-byte single-object header, or the body ends early. */
    TRUNCATED,
    /** Does not start with the Avro single-object marker: written by something else. */
    NOT_SINGLE_OBJECT_ENCODED,
    /** Written with a schema this reader does not know (a newer or foreign writer). */
    UNKNOWN_SCHEMA,
    /** Header fine, body does not decode with the writer's schema. */
    CORRUPT_BODY
  }

  private final Reason reason;

  RecordDecodingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
