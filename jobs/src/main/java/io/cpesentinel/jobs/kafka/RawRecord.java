package io.cpesentinel.jobs.kafka;

/**
 * A Kafka record exactly as read, before decoding, so a value that does not decode can still be
 * forwarded byte-for-byte to the dead-letter topic. A Flink POJO (public fields, no-arg
 * constructor) so it needs no Kryo.
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  /** Where the record was read, as {@code topic/partition/offset}. */
  public String position() {
    return topic + "/" + partition + "/" + offset;
  }
}
