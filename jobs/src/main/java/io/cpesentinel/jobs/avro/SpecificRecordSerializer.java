package io.cpesentinel.jobs.avro;

import io.cpesentinel.schema.CustomCoders;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.utils.DataInputDecoder;
import org.apache.flink.formats.avro.utils.DataOutputEncoder;
import org.apache.flink.util.InstantiationUtil;

/**
 * Flink serializer for generated Avro records that writes exactly the bytes Flink's {@link
 * AvroSerializer} writes (Flink's own encoding of Avro data: {@link DataOutputEncoder}), faster:
 * Flink's hands the target view one value at a time through Avro's generic per-field writer, so a
 * heap backend's snapshot pushes every int and string through the checkpoint stream's layers
 * separately; this one writes through the generated classes' own encoders ({@link CustomCoders})
 * into a buffer of its own and hands the view one array. Keyed state of Flink's serializer
 * therefore restores as is, and its snapshot is {@link AvroSerializer}'s own, so a savepoint taken
 * with this one also restores into a job that still uses Flink's (and schema changes are resolved
 * by Flink's rules).
 *
 * <p>Not thread-safe, like every Flink serializer: {@link #duplicate} gives each user its own.
 */
public final class SpecificRecordSerializer<T extends SpecificRecordBase>
    extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient Schema schema;
  private transient SpecificData model;
  private transient SpecificDatumWriter<T> writer;
  private transient SpecificDatumReader<T> reader;
  private transient DataOutputSerializer buffer;
  private transient DataOutputEncoder encoder;
  private transient DataInputDecoder decoder;

  public SpecificRecordSerializer(Class<T> type) {
    this.type = type;
  }

  private void initialise() {
    if (writer == null) {
      model = CustomCoders.modelFor(type);
      schema = model.getSchema(type);
      writer = new SpecificDatumWriter<>(schema, model);
      reader = new SpecificDatumReader<>(schema, schema, model);
      buffer = new DataOutputSerializer(1024);
      encoder = new DataOutputEncoder();
      encoder.setOut(buffer);
      decoder = new DataInputDecoder();
    }
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    initialise();
    buffer.clear();
    writer.write(record, encoder);
    target.write(buffer.getSharedBuffer(), 0, buffer.length());
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return deserialize(null, source);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    initialise();
    decoder.setIn(source);
    return reader.read(reuse, decoder);
  }

  @Override
  public T copy(T from) {
    initialise();
    return model.deepCopy(schema, from);
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public T createInstance() {
    return InstantiationUtil.instantiate(type);
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return new SpecificRecordSerializer<>(type);
  }

  /** Flink's Avro snapshot: its restore serializer reads these bytes, and it resolves schemas. */
  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new AvroSerializer<>(type).snapshotConfiguration();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SpecificRecordSerializer<?> that && that.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "SpecificRecordSerializer(" + type.getName() + ")";
  }
}
