package io.cpesentinel.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.schema.RecordDecodingException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroValueCodecTest {
  private final AvroValueCodec<CwmpInform> informs = AvroValueCodec.forType(CwmpInform.class);

  @Test
  void everyContractRoundTrips() throws Exception {
    assertRoundTrip(informs, SampleRecords.bootInform());
    assertRoundTrip(AvroValueCodec.forType(AcsEvent.class), SampleRecords.setDnsEvent());
    assertRoundTrip(AvroValueCodec.forType(AcsEvent.class), SampleRecords.authFailure());
    assertRoundTrip(AvroValueCodec.forType(Alert.class), SampleRecords.massRebootAlert());
  }

  @Test
  void valuesAreTheBytesAvrosMessageEncoderWrites() throws Exception {
    assertSameBytesAsAvro(informs, SampleRecords.bootInform());
    assertSameBytesAsAvro(AvroValueCodec.forType(AcsEvent.class), SampleRecords.setDnsEvent());
    assertSameBytesAsAvro(AvroValueCodec.forType(AcsEvent.class), SampleRecords.authFailure());
    assertSameBytesAsAvro(AvroValueCodec.forType(Alert.class), SampleRecords.massRebootAlert());
    // a short value after a long one: the thread's buffer is reused, nothing of the first stays
    CwmpInform small = SampleRecords.bootInform();
    small.setParameters(List.of());
    assertSameBytesAsAvro(informs, small);
    // a value larger than the buffer a thread keeps, then a small one in a fresh buffer
    CwmpInform large = SampleRecords.bootInform();
    large.setParameters(
        java.util.stream.IntStream.range(0, 3_000)
            .mapToObj(i -> SampleRecords.param("Device.X_TEST.Value." + i, "v" + i, "xsd:string"))
            .toList());
    assertSameBytesAsAvro(informs, large);
    assertSameBytesAsAvro(informs, small);
    // strings beyond ASCII: Latin-1, CJK, a surrogate pair, an unpaired surrogate (replaced)
    CwmpInform text = SampleRecords.bootInform();
    text.setParameters(
        List.of(
            SampleRecords.param("Device.WiFi.SSID.1.SSID", "Café Müller", "xsd:string"),
            SampleRecords.param("Device.WiFi.SSID.2.SSID", "東京の家", "xsd:string"),
            SampleRecords.param("Device.WiFi.SSID.3.SSID", "\uD83C\uDFE0 home", "xsd:string"),
            SampleRecords.param("Device.WiFi.SSID.4.SSID", "bad \uD800 half", "xsd:string")));
    assertSameBytesAsAvro(informs, text);
  }

  @Test
  void valuesCarryTheSingleObjectHeaderWithTheWriterFingerprint() {
    byte[] bytes = informs.encode(SampleRecords.bootInform());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(CwmpInform.getClassSchema()));
  }

  @Test
  void recordWrittenByAnOlderReleasedSchemaIsReadWithDefaultsForNewFields() throws Exception {
    Schema older = olderInformSchema();
    GenericRecord written = olderInform(older);

    CwmpInform read = informs.decode(singleObject(older, written));

    assertThat(read.getEventId()).isEqualTo("inf-old-1");
    assertThat(read.getDeviceId().getSerialNumber()).isEqualTo("OLD42");
    assertThat(read.getEvents()).extracting(InformEvent::getCode).containsExactly("2 PERIODIC");
    assertThat(read.getDataModel()).isEqualTo(DataModel.TR098);
    // Fields the older writer did not have take the current schema's defaults.
    assertThat(read.getSupportedCwmpVersions()).isNull();
    assertThat(read.getIngest().getSourcePort()).isNull();
    assertThat(read.getIngest().getMode()).isEqualTo(IngestMode.UNKNOWN);
  }

  @Test
  void unknownFingerprintIsRejectedWithBothFingerprintsNamed() {
    byte[] bytes = informs.encode(SampleRecords.bootInform());
    bytes[2] ^= 0x5A;

    assertThatThrownBy(() -> informs.decode(bytes))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA))
        .hasMessageContaining("CwmpInform reader does not know")
        .hasMessageContaining(AvroValueCodec.fingerprint(CwmpInform.getClassSchema()));
  }

  @Test
  void recordOfAnotherContractIsAnUnknownSchemaNotGarbage() {
    byte[] alert = AvroValueCodec.forType(Alert.class).encode(SampleRecords.massRebootAlert());

    assertThatThrownBy(() -> informs.decode(alert))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA));
  }

  @Test
  void truncatedBodyIsReportedAsTruncated() {
    byte[] bytes = informs.encode(SampleRecords.bootInform());
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);

    assertThatThrownBy(() -> informs.decode(cut))
        .isInstanceOfSatisfying(
            RecordDecodingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
        .hasMessageContaining("ends early");
  }

  @Test
  void valueShorterThanTheHeaderIsTruncated() {
    assertThatThrownBy(() -> informs.decode(new byte[] {(byte) 0xC3, 0x01, 7}))
        .isInstanceOfSatisfying(
            RecordDecodingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
        .hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> informs.decode(null))
        .isInstanceOfSatisfying(
            RecordDecodingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
        .hasMessageContaining("null");
  }

  @Test
  void valueFromAnotherSerializerIsNotSingleObjectEncoded() {
    byte[] json =
        "{\"eventId\":\"x\",\"deviceId\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> informs.decode(json))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT_ENCODED))
        .hasMessageContaining("starts with 7B22");
  }

  @Test
  void garbageBodyIsCorruptNotACrash() {
    byte[] bytes = informs.encode(SampleRecords.bootInform());
    // A huge negative array length where the event list starts.
    byte[] corrupt = Arrays.copyOf(bytes, bytes.length);
    Arrays.fill(corrupt, 10, corrupt.length, (byte) 0xFF);

    assertThatThrownBy(() -> informs.decode(corrupt))
        .isInstanceOf(RecordDecodingException.class)
        .satisfies(
            e ->
                assertThat(((RecordDecodingException) e).reason())
                    .isIn(Reason.CORRUPT_BODY, Reason.TRUNCATED));
  }

  @Test
  void releasedSchemaThatTheCurrentOneCannotReadStopsTheCodecAtStart() {
    Schema incompatible =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"CwmpInform\",\"namespace\":\"io.cpesentinel.schema\","
                    + "\"fields\":[{\"name\":\"eventId\",\"type\":\"long\"}]}");

    assertThatThrownBy(() -> AvroValueCodec.forType(CwmpInform.class, List.of(incompatible)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be read by the current schema");
  }

  private static <T extends SpecificRecord> void assertRoundTrip(AvroValueCodec<T> codec, T record)
      throws RecordDecodingException {
    assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
  }

  private static <T extends SpecificRecord> void assertSameBytesAsAvro(
      AvroValueCodec<T> codec, T record) throws IOException {
    SpecificData generated = SpecificData.getForClass(codec.type());
    ByteBuffer expected = new BinaryMessageEncoder<T>(generated, codec.schema()).encode(record);
    byte[] bytes = new byte[expected.remaining()];
    expected.get(bytes);
    assertThat(codec.encode(record)).isEqualTo(bytes);
  }

  private static Schema olderInformSchema() throws IOException {
    try (InputStream in =
        AvroValueCodecTest.class.getResourceAsStream("history/CwmpInform-test-v0.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  private static GenericRecord olderInform(Schema schema) {
    Schema deviceId = schema.getField("deviceId").schema();
    Schema event = schema.getField("events").schema().getElementType();
    Schema ingest = schema.getField("ingest").schema();
    return new GenericRecordBuilder(schema)
        .set("eventId", "inf-old-1")
        .set("receivedAt", SampleRecords.T0.toEpochMilli())
        .set(
            "deviceId",
            new GenericRecordBuilder(deviceId)
                .set("manufacturer", "Old Co")
                .set("oui", "00AA11")
                .set("productClass", "IGD")
                .set("serialNumber", "OLD42")
                .build())
        .set("events", List.of(new GenericRecordBuilder(event).set("code", "2 PERIODIC").build()))
        .set("parameters", List.of())
        .set(
            "dataModel", new GenericData.EnumSymbol(schema.getField("dataModel").schema(), "TR098"))
        .set("cwmpNamespace", "urn:dslforum-org:cwmp-1-0")
        .set(
            "ingest",
            new GenericRecordBuilder(ingest)
                .set("sourceIp", "192.0.2.1")
                .set("tls", false)
                .set("node", "ingest-old")
                .build())
        .build();
  }

  /** What a producer built on the older schema wrote. */
  private static byte[] singleObject(Schema schema, GenericRecord record) throws IOException {
    ByteBuffer encoded =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }
}
