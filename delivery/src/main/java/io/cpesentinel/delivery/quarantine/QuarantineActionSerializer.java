package io.cpesentinel.delivery.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Pending actions in checkpoints, as JSON: readable when debugging a restore. */
final class QuarantineActionSerializer implements SimpleVersionedSerializer<QuarantineAction> {
  private final ObjectMapper json = JsonMapper.builder().build();

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(QuarantineAction action) throws IOException {
    return json.writeValueAsBytes(action);
  }

  @Override
  public QuarantineAction deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException("unknown pending-action format version " + version);
    }
    return json.readValue(serialized, QuarantineAction.class);
  }
}
