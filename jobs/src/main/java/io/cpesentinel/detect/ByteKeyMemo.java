package io.cpesentinel.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A bounded memo from byte strings to values, looked up with a byte range (a reused read buffer) so
 * a hit costs neither a String nor a copy. Every Inform parameter path goes through one of these in
 * {@link DeviceInformDecoder}: a HashMap keyed by Avro's Utf8 hashed byte by byte and took a
 * quarter of the decode; this hashes eight bytes at a time. Once {@code capacity} keys are held,
 * new keys are not remembered (the caller computes their value each time).
 */
final class ByteKeyMemo<V> {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int capacity;
  private byte[][] keys = new byte[1024][];
  private Object[] values = new Object[1024];
  private int size;

  ByteKeyMemo(int capacity) {
    this.capacity = capacity;
  }

  /** The value remembered for {@code bytes[0..length)}, or null. */
  @SuppressWarnings("unchecked")
  V get(byte[] bytes, int length) {
    int mask = keys.length - 1;
    for (int slot = hash(bytes, length) & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        return null;
      }
      if (key.length == length && Arrays.equals(key, 0, length, bytes, 0, length)) {
        return (V) values[slot];
      }
    }
  }

  /** Remembers {@code value} for a copy of {@code bytes[0..length)}, unless full. */
  void put(byte[] bytes, int length, V value) {
    if (size >= capacity) {
      return;
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(Arrays.copyOf(bytes, length), value);
    size++;
  }

  int size() {
    return size;
  }

  private void insert(byte[] key, Object value) {
    int mask = keys.length - 1;
    int slot = hash(key, key.length) & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    Object[] oldValues = values;
    keys = new byte[oldKeys.length * 2][];
    values = new Object[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }

  static int hash(byte[] bytes, int length) {
    long h = length;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < length; i++) {
      h = (h ^ bytes[i]) * 0x100000001B3L;
    }
    h ^= h >>> 29;
    return (int) (h ^ (h >>> 32));
  }
}
