package io.cpesentinel.schema;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka {@link Serializer} face of {@link AvroValueCodec}, for producers. */
public final class AvroValueSerializer<T extends org.apache.avro.specific.SpecificRecord>
    implements Serializer<T> {
  private final AvroValueCodec<T> codec;

  public AvroValueSerializer(AvroValueCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    return record == null ? null : codec.encode(record);
  }
}
