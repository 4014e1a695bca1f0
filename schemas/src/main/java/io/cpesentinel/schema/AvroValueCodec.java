package io.cpesentinel.schema;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one codec for Kafka values: Avro single-object encoding (2-byte marker, 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, binary body). Every record says which schema wrote it, so a
 * reader resolves older writers without a schema registry; the writer schemas it knows are the
 * current one plus the released ones in {@link SchemaHistory}.
 *
 * <p>Values are written the way Avro's {@code BinaryMessageEncoder} writes them, byte for byte, but
 * into an array ({@link ArrayBinaryEncoder}) through the generated classes' own encoders ({@link
 * CustomCoders}): Avro's message encoder writes every string's length a byte at a time into a
 * synchronized stream and copies strings a character at a time, which made encoding the larger part
 * of what a producer spends per Inform. Reading stays with Avro's {@code BinaryMessageDecoder},
 * which resolves older writers and whose failures are classified below.
 *
 * <p>Instances are thread-safe and cheap to share; create one per record type.
 */
public final class AvroValueCodec<T extends SpecificRecord> {
  private static final int HEADER_LENGTH = 10;
  private static final HexFormat HEX = HexFormat.of();

  /** A thread keeps its encoder's array between values up to this size. */
  private static final int KEPT = 64 << 10;

  private final Class<T> type;
  private final Schema schema;
  private final List<Schema> writerSchemas;
  private final byte[] header;
  private final DatumWriter<T> writer;
  private final ThreadLocal<ArrayBinaryEncoder> encoders =
      ThreadLocal.withInitial(() -> new ArrayBinaryEncoder(4096));
  private final BinaryMessageDecoder<T> decoder;

  private AvroValueCodec(Class<T> type, List<Schema> olderWriters) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writerSchemas = new ArrayList<>();
    writerSchemas.add(schema);
    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(schema);
    for (Schema older : olderWriters) {
      requireReadable(older);
      store.addSchema(older);
      writerSchemas.add(older);
    }
    this.header = singleObjectHeader(schema);
    this.writer = new SpecificDatumWriter<>(schema, CustomCoders.modelFor(type));
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** A codec that reads the current schema and every released version in {@link SchemaHistory}. */
  public static <T extends SpecificRecord> AvroValueCodec<T> forType(Class<T> type) {
    Schema current = SpecificData.getForClass(type).getSchema(type);
    return forType(type, SchemaHistory.load(current.getFullName()));
  }

  /** A codec that also reads the given older writer schemas; fails if one is not readable. */
  static <T extends SpecificRecord> AvroValueCodec<T> forType(
      Class<T> type, List<Schema> olderWriters) {
    return new AvroValueCodec<>(type, olderWriters);
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  /** Every writer schema this codec reads: the current one first, then the released ones. */
  public List<Schema> writerSchemas() {
    return List.copyOf(writerSchemas);
  }

  public byte[] encode(T record) {
    ArrayBinaryEncoder encoder = encoders.get();
    encoder.reset();
    encoder.writeFixed(header, 0, header.length);
    try {
      writer.write(record, encoder);
    } catch (IOException e) {
      // Only reachable through a bug in the record; encoding into memory does no real I/O.
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
    byte[] bytes = encoder.toByteArray();
    if (encoder.capacity() > KEPT) {
      encoders.remove(); // one oversized value does not pin its array to the thread for good
    }
    return bytes;
  }

  /**
   * Decodes one Kafka value.
   *
   * @throws RecordDecodingException with the reason and a message naming the record type, the
   *     writer fingerprint and what is wrong
   */
  public T decode(byte[] value) throws RecordDecodingException {
    String what = type.getSimpleName();
    if (value == null || value.length < HEADER_LENGTH) {
      throw failure(
          RecordDecodingException.Reason.TRUNCATED,
          String.format(
              "value is %s; a single-object encoded %s needs at least %d bytes (marker +"
                  + " fingerprint) before the body",
              value == null ? "null" : value.length + " bytes", what, HEADER_LENGTH),
          null);
    }
    try {
      return decoder.decode(value);
    } catch (BadHeaderException e) {
      throw failure(
          RecordDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED,
          String.format(
              "value does not start with the Avro single-object marker C3 01 (starts with %s):"
                  + " not a %s written by this codec",
              HEX.formatHex(value, 0, 2).toUpperCase(), what),
          e);
    } catch (MissingSchemaException e) {
      throw failure(
          RecordDecodingException.Reason.UNKNOWN_SCHEMA,
          String.format(
              "value was written with schema fingerprint %s, which this %s reader does not know"
                  + " (known: %s); a newer producer or a different record type",
              fingerprintOf(value), what, knownFingerprints()),
          e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      Throwable root = rootCause(e);
      if (root instanceof EOFException) {
        throw failure(
            RecordDecodingException.Reason.TRUNCATED,
            String.format(
                "%s body (writer schema %s) ends early: %d bytes in all",
                what, fingerprintOf(value), value.length),
            e);
      }
      throw failure(
          RecordDecodingException.Reason.CORRUPT_BODY,
          String.format(
              "%s body (writer schema %s) does not decode: %s", what, fingerprintOf(value), root),
          e);
    }
  }

  /**
   * The single-object encoding's header: marker C3 01 and the writer schema's CRC-64-AVRO
   * fingerprint, little-endian (Avro specification, "Single-object encoding").
   */
  private static byte[] singleObjectHeader(Schema schema) {
    return ByteBuffer.allocate(HEADER_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3)
        .put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema))
        .array();
  }

  /** The CRC-64-AVRO fingerprint that prefixes values written with {@code schema}, as hex. */
  public static String fingerprint(Schema schema) {
    return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
  }

  private static String fingerprintOf(byte[] value) {
    long fp = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return String.format("%016x", fp);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private String knownFingerprints() {
    return writerSchemas.stream()
        .map(AvroValueCodec::fingerprint)
        .collect(Collectors.joining(", "));
  }

  private void requireReadable(Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(schema, writer);
    if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new IllegalStateException(
          String.format(
              "released %s schema %s cannot be read by the current schema %s: %s",
              writer.getFullName(),
              fingerprint(writer),
              fingerprint(schema),
              result.getResult().getIncompatibilities()));
    }
  }

  private static RecordDecodingException failure(
      RecordDecodingException.Reason reason, String message, Throwable cause) {
    return new RecordDecodingException(reason, message, cause);
  }
}
