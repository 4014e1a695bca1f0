package io.cpesentinel.jobs.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.state.ChangeRecord;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.detect.state.FactKind;
import io.cpesentinel.detect.state.OpenIncident;
import io.cpesentinel.detect.state.PendingChange;
import io.cpesentinel.schema.Alert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

class SpecificRecordSerializerTest {

  @Test
  void writesTheBytesFlinksAvroSerializerWrites() throws IOException {
    assertSameBytes(DeviceState.class, deviceState());
    assertSameBytes(DeviceState.class, DeviceState.newBuilder().build());
    assertSameBytes(CorrelationFact.class, fact());
  }

  @Test
  void readsBackRecordAfterRecordFromOneView() throws IOException {
    SpecificRecordSerializer<DeviceState> serializer =
        new SpecificRecordSerializer<>(DeviceState.class);
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(deviceState(), out);
    serializer.serialize(DeviceState.newBuilder().build(), out);
    out.writeInt(42);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    assertThat(serializer.deserialize(in)).isEqualTo(deviceState());
    assertThat(serializer.deserialize(in)).isEqualTo(DeviceState.newBuilder().build());
    assertThat(in.readInt()).as("nothing read past the records").isEqualTo(42);
  }

  @Test
  void readsWhatFlinksAvroSerializerWrote() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    new AvroSerializer<>(CorrelationFact.class).serialize(fact(), out);

    CorrelationFact read =
        new SpecificRecordSerializer<>(CorrelationFact.class)
            .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(read).isEqualTo(fact());
  }

  @Test
  void copiesAreDeep() {
    DeviceState original = deviceState();
    DeviceState copy = new SpecificRecordSerializer<>(DeviceState.class).copy(original);

    copy.getValues().set(1, "203.0.113.66");
    copy.getIncidents().get("dns").getChanges().get(0).setNewValue("changed");

    assertThat(original).isEqualTo(deviceState());
    assertThat(copy).isNotEqualTo(original);
  }

  @Test
  void stateOfEitherSerializerRestoresWithTheOtherAsIs() {
    TypeSerializer<DeviceState> ours = new SpecificRecordSerializer<>(DeviceState.class);
    TypeSerializer<DeviceState> flinks = new AvroSerializer<>(DeviceState.class);

    assertThat(
            ours.snapshotConfiguration()
                .resolveSchemaCompatibility(flinks.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    TypeSerializerSchemaCompatibility<DeviceState> back =
        flinks.snapshotConfiguration().resolveSchemaCompatibility(ours.snapshotConfiguration());
    assertThat(back.isCompatibleAsIs()).isTrue();
  }

  @Test
  void theTypeInfoMakesThisSerializerAndIsNotFlinksTypeInfo() {
    SpecificRecordTypeInfo<Alert> info = new SpecificRecordTypeInfo<>(Alert.class);

    assertThat(info.createSerializer(new SerializerConfigImpl()))
        .isEqualTo(new SpecificRecordSerializer<>(Alert.class));
    assertThat(info).isEqualTo(new SpecificRecordTypeInfo<>(Alert.class));
    assertThat(info).isNotEqualTo(new AvroTypeInfo<>(Alert.class));
    assertThat(new AvroTypeInfo<>(Alert.class)).isNotEqualTo(info);
  }

  private static <T extends SpecificRecordBase> void assertSameBytes(Class<T> type, T record)
      throws IOException {
    DataOutputSerializer flinks = new DataOutputSerializer(64);
    new AvroSerializer<>(type).serialize(record, flinks);
    DataOutputSerializer ours = new DataOutputSerializer(64);
    SpecificRecordSerializer<T> serializer = new SpecificRecordSerializer<>(type);
    serializer.serialize(record, ours);

    assertThat(ours.getCopyOfBuffer()).isEqualTo(flinks.getCopyOfBuffer());
    assertThat(serializer.deserialize(new DataInputDeserializer(ours.getCopyOfBuffer())))
        .isEqualTo(record);
  }

  private static DeviceState deviceState() {
    ChangeRecord change =
        ChangeRecord.newBuilder()
            .setParameter("dns")
            .setPath("Device.DNS.Client.Server.1.DNSServer")
            .setOldValue("192.0.2.53")
            .setNewValue("203.0.113.66")
            .setEventId("inf-2")
            .build();
    OpenIncident incident =
        OpenIncident.newBuilder()
            .setAlertId("alert-1")
            .setRuleId("critical.dns-change")
            .setWindowStart(1_000)
            .setLastSeen(2_000)
            .setChanges(new ArrayList<>(List.of(change)))
            .build();
    return DeviceState.newBuilder()
        .setDeviceKey("00D09E-HGW-S1")
        .setManufacturer("Acme")
        .setOui("00D09E")
        .setSerialNumber("S1")
        .setLastInformAt(2_000)
        .setLastEventAt(2_000)
        .setInformIntervalMs(600_000)
        .setTimerAt(602_000)
        .setValues(new ArrayList<>(List.of("dns#1", "203.0.113.66", "acs-url#", "https://acs")))
        .setPendingChanges(
            List.of(
                PendingChange.newBuilder()
                    .setDeadline(62_000)
                    .setAt(2_000)
                    .setKey("dns#1")
                    .setPath("Device.DNS.Client.Server.1.DNSServer")
                    .setNewValue("203.0.113.66")
                    .setEventId("inf-2")
                    .build()))
        .setBoots(List.of(1_000L, 1_500L))
        .setAcsUrlChangedAt(1_200L)
        .setCohortKey("HGW-5000 5.4.1")
        .setIncidents(new java.util.HashMap<>(Map.of("dns", incident)))
        .build();
  }

  private static CorrelationFact fact() {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.INFORM)
        .setDeviceKey("00D09E-HGW-S1")
        .setAt(2_000)
        .setEventId("inf-2")
        .setEventCodes(List.of("1 BOOT"))
        .setValues(Map.of("dns#1", "203.0.113.66"))
        .setSoftwareVersion("5.4.1")
        .setInformIntervalSeconds(600L)
        .build();
  }
}
