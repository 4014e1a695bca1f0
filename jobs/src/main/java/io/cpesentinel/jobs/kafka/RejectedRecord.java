package io.cpesentinel.jobs.kafka;

/**
 * A record on its way to a dead-letter topic: the original key and value, and why it was rejected
 * (the fields of {@link io.cpesentinel.schema.DeadLetter}). A Flink POJO.
 */
public class RejectedRecord {
  public byte[] key;
  public byte[] value;
  public String reasonCode;
  public String reason;
  public String stage;
  public String source;
  public long rejectedAtMillis;

  public RejectedRecord() {}
}
