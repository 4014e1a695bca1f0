package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.DeviceInformDecoder;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.SampleRecords;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DeviceInformSerializerTest {
  private final DeviceInformSerializer serializer =
      (DeviceInformSerializer)
          new DeviceInformTypeInfo().createSerializer(new SerializerConfigImpl());

  @Test
  void roundTripsADecodedInformAndNullFields() throws Exception {
    DeviceInform inform =
        new DeviceInformDecoder(ConfigFiles.defaults())
            .decode(AvroValueCodec.forType(CwmpInform.class).encode(SampleRecords.bootInform()));
    assertThat(inform.size()).isPositive();
    DeviceInform sparse = serializer.copy(inform);
    sparse.productClass = null;
    sparse.sourceIp = null;
    sparse.paths[0] = "Device.X_ACME_Thing.Ünïcödé";

    for (DeviceInform record : new DeviceInform[] {inform, sparse, new DeviceInform()}) {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serializer.serialize(record, out);
      DeviceInform back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back).usingRecursiveComparison().isEqualTo(record);
    }
  }

  @Test
  void copyIsDeepForTheArrays() {
    DeviceInform inform = new DeviceInform();
    inform.values = new String[] {"a"};
    inform.patterns = new int[] {1};
    inform.instances = new String[] {""};
    inform.paths = new String[] {null};
    DeviceInform copy = serializer.copy(inform);
    inform.values[0] = "b";
    assertThat(copy.values).containsExactly("a");
  }

  @Test
  void itsSnapshotRestoresTheSameSerializer() {
    assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
  }
}
