package io.cpesentinel.ingest.bench;

import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.cwmp.EventIds;
import io.cpesentinel.ingest.cwmp.InformRecords;
import io.cpesentinel.ingest.testing.InformCorpus;
import io.cpesentinel.ingest.testing.TestRecords;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the ingest does per Inform besides HTTP and Kafka: parse the envelope (Woodstox, limits
 * on), build the {@code CwmpInform} (data model, secret digests, UUIDv7 event id) and encode it
 * (Avro single-object). Informs are the corpus's realistic 54–57-parameter TR-098 and TR-181 ones,
 * the value-change ones with secrets to digest. {@code encodeOnly} and {@code
 * encodeWithAvroMessageEncoder} put the codec's encoder next to Avro's own message encoder, which
 * it replaced (same bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InformParseEncodeBenchmark {
  private static final String TR098_PERIODIC = "tr098-2-periodic.xml";
  private static final String TR098_VALUE_CHANGE = "tr098-4-value-change.xml";
  private static final String TR181_BOOT = "tr181-1-boot-m-reboot.xml";
  private static final String TR181_VALUE_CHANGE = "tr181-4-value-change.xml";

  /** The corpus Informs measured, for the other runners of this workload. */
  static final List<String> INFORMS =
      List.of(TR098_PERIODIC, TR098_VALUE_CHANGE, TR181_BOOT, TR181_VALUE_CHANGE);

  @Param({TR098_PERIODIC, TR098_VALUE_CHANGE, TR181_BOOT, TR181_VALUE_CHANGE})
  public String inform;

  private byte[] body;
  private CwmpParser parser;
  private InformRecords records;
  private AvroValueCodec<CwmpInform> codec;
  private IngestContext context;
  private CwmpInform built;
  private BinaryMessageEncoder<CwmpInform> avroMessageEncoder;

  @Setup
  public void setUp() throws Exception {
    body = InformCorpus.entry(inform).bytes();
    parser = new CwmpParser(XmlLimits.defaults());
    records = new InformRecords(TestRecords.redactor(), new EventIds());
    codec = AvroValueCodec.forType(CwmpInform.class);
    context =
        new IngestContext(
            "198.51.100.7", 40000, false, AuthOutcome.NOT_REQUIRED, IngestMode.RECEIVER, "bench");
    CwmpEnvelope envelope = parser.parse(body);
    built =
        records.toRecord(envelope, (CwmpMessage.Inform) envelope.message(), context, Instant.now());
    avroMessageEncoder =
        new BinaryMessageEncoder<>(
            SpecificData.getForClass(CwmpInform.class), CwmpInform.getClassSchema());
  }

  @Benchmark
  public byte[] encodeOnly() {
    return codec.encode(built);
  }

  @Benchmark
  public byte[] encodeWithAvroMessageEncoder() throws Exception {
    ByteBuffer encoded = avroMessageEncoder.encode(built);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  @Benchmark
  public byte[] parseBuildEncode() throws Exception {
    CwmpEnvelope envelope = parser.parse(body);
    CwmpInform record =
        records.toRecord(envelope, (CwmpMessage.Inform) envelope.message(), context, Instant.now());
    return codec.encode(record);
  }

  @Benchmark
  public CwmpEnvelope parseOnly() throws Exception {
    return parser.parse(body);
  }
}
