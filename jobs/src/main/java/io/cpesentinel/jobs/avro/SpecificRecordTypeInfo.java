package io.cpesentinel.jobs.avro;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink type of a generated Avro record, for state and for records between operators: Flink's
 * {@link AvroTypeInfo} (the same fields and snapshot) with {@link SpecificRecordSerializer} as its
 * serializer. The one way the jobs declare an Avro type.
 */
public final class SpecificRecordTypeInfo<T extends SpecificRecordBase> extends AvroTypeInfo<T> {
  private static final long serialVersionUID = 1L;

  public SpecificRecordTypeInfo(Class<T> type) {
    super(type);
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new SpecificRecordSerializer<>(getTypeClass());
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof SpecificRecordTypeInfo;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SpecificRecordTypeInfo<?> && super.equals(other);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + SpecificRecordTypeInfo.class.hashCode();
  }

  @Override
  public String toString() {
    return "SpecificRecordTypeInfo<" + getTypeClass().getName() + ">";
  }
}
