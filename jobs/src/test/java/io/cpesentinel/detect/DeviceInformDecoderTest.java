package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.SampleRecords;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class DeviceInformDecoderTest {
  private final AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
  private final DeviceInformDecoder decoder = new DeviceInformDecoder(ConfigFiles.defaults());
  private final InformSlimmer slimmer = new InformSlimmer(ConfigFiles.defaults());

  @Test
  void readsFromTheValueExactlyWhatTheSlimmerMakesOfTheFullDecode() throws Exception {
    List<CwmpInform> informs =
        List.of(
            SampleRecords.bootInform(),
            Fixtures.inform(
                Fixtures.T0,
                List.of("4 VALUE CHANGE", "M Download:fw-1"),
                "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.2.DNSServers",
                "192.0.2.53,192.0.2.54",
                "InternetGatewayDevice.X_ACME_Services.TelnetEnable",
                "1",
                "Device.WiFi.AccessPoint.2.Security.ModeEnabled",
                "None",
                "Device.Hosts.HostNumberOfEntries",
                "4"));
    for (CwmpInform inform : informs) {
      // Twice: the second read goes through the memos of paths and values.
      for (int round = 0; round < 2; round++) {
        assertThat(decoder.decode(codec.encode(inform)))
            .usingRecursiveComparison()
            .isEqualTo(slimmer.slim(inform));
      }
    }
    assertThat(decoder.fullDecodes()).as("every value read without the full decode").isZero();
  }

  @Test
  void readsValuesOfAReleasedOlderWriterSchema() throws Exception {
    Schema older;
    try (InputStream in =
        AvroValueCodec.class.getResourceAsStream("history/CwmpInform-test-v0.avsc")) {
      older = new Schema.Parser().parse(in);
    }
    Schema parameter = older.getField("parameters").schema().getElementType();
    GenericRecord inform =
        new GenericRecordBuilder(older)
            .set("eventId", "inf-old-1")
            .set("receivedAt", Fixtures.T0)
            .set(
                "deviceId",
                new GenericRecordBuilder(older.getField("deviceId").schema())
                    .set("manufacturer", "Old Co")
                    .set("oui", "00AA11")
                    .set("productClass", "IGD")
                    .set("serialNumber", "OLD42")
                    .build())
            .set(
                "events",
                List.of(
                    new GenericRecordBuilder(older.getField("events").schema().getElementType())
                        .set("code", "1 BOOT")
                        .build()))
            .set(
                "parameters",
                List.of(
                    new GenericRecordBuilder(parameter)
                        .set("name", "InternetGatewayDevice.ManagementServer.URL")
                        .set("value", "https://acs.isp.example/")
                        .build(),
                    new GenericRecordBuilder(parameter)
                        .set("name", "InternetGatewayDevice.DeviceInfo.UpTime")
                        .set("value", "42")
                        .build()))
            .set(
                "dataModel",
                new GenericData.EnumSymbol(older.getField("dataModel").schema(), "TR098"))
            .set("cwmpNamespace", "urn:dslforum-org:cwmp-1-0")
            .set(
                "ingest",
                new GenericRecordBuilder(older.getField("ingest").schema())
                    .set("sourceIp", "198.51.100.9")
                    .set("tls", false)
                    .set("node", "old-ingest")
                    .build())
            .build();
    ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(inform);
    byte[] value = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());

    DeviceInform decoded = decoder.decode(value);

    assertThat(decoded).usingRecursiveComparison().isEqualTo(slimmer.slim(codec.decode(value)));
    assertThat(decoded.deviceKey).isEqualTo("00AA11-IGD-OLD42");
    assertThat(decoded.values).containsExactly("https://acs.isp.example/");
    assertThat(decoder.fullDecodes()).isZero();
  }

  @Test
  void refusesWhatTheCodecRefusesWithTheCodecsReason() {
    byte[] good = codec.encode(SampleRecords.bootInform());
    byte[] truncated = Arrays.copyOf(good, good.length - 7);
    byte[] unknownWriter = good.clone();
    unknownWriter[5] ^= 0x55;
    byte[] notAvro = "<soap:Envelope/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] corrupt = good.clone();
    corrupt[10] = 0x01; // the eventId length, zigzag -1
    for (byte[] bad : List.of(truncated, unknownWriter, notAvro, corrupt, new byte[3])) {
      RecordDecodingException expected = refusal(bad);
      assertThatThrownBy(() -> decoder.decode(bad))
          .isInstanceOf(RecordDecodingException.class)
          .hasMessage(expected.getMessage())
          .extracting(e -> ((RecordDecodingException) e).reason())
          .isEqualTo(expected.reason());
    }
  }

  private RecordDecodingException refusal(byte[] value) {
    try {
      codec.decode(value);
    } catch (RecordDecodingException e) {
      return e;
    } catch (RuntimeException | Error e) {
      throw new AssertionError("the codec should refuse with a reason", e);
    }
    throw new AssertionError("the codec reads this value: not a refusal case");
  }
}
