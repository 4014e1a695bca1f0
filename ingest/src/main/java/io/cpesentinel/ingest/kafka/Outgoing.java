package io.cpesentinel.ingest.kafka;

import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceKeys;

/**
 * One record the ingest wants acknowledged before it answers its peer: an Inform or an ACS event
 * with its key.
 */
public sealed interface Outgoing {
  String key();

  record Inform(CwmpInform record) implements Outgoing {
    @Override
    public String key() {
      return DeviceKeys.of(record.getDeviceId());
    }
  }

  record Event(AcsEvent record, String key) implements Outgoing {}
}
