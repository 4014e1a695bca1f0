package io.cpesentinel.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares equal strings across the state of millions of devices: parameter keys and common values
 * ("true", the ISP's resolvers, firmware versions) would otherwise be stored once per device.
 * Bounded: once full, new strings are returned as they are, so unique values (per-device digests)
 * cannot make it grow without limit. One pool per detector instance (one per Flink subtask), not
 * static.
 */
final class StringPool {
  static final int MAX_LENGTH = 128;

  private final int capacity;
  private final Map<String, String> pool;

  StringPool(int capacity) {
    this.capacity = capacity;
    this.pool = new HashMap<>();
  }

  String share(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return value;
    }
    String shared = pool.get(value);
    if (shared != null) {
      return shared;
    }
    if (pool.size() < capacity) {
      pool.put(value, value);
    }
    return value;
  }
}
