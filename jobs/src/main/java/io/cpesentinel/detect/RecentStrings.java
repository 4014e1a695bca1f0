package io.cpesentinel.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes strings from UTF-8 bytes, handing back the same String for the same short bytes seen
 * recently. Most strings of an Inform repeat across the fleet (event codes, instance numbers,
 * "true", the ISP's resolvers and ACS URL, firmware versions): sharing them saves the allocation,
 * and downstream hashing and comparing of a shared string is cached or an identity check. A
 * direct-mapped cache: a slot holds the last string that hashed to it, so memory is fixed and
 * values that stop repeating are simply overwritten. One per thread (not thread-safe).
 */
public final class RecentStrings {
  static final int MAX_LENGTH = 64;

  private final byte[][] keys;
  private final String[] strings;

  /** Per slot, its key's hash: a miss is told from one int array, without touching the key. */
  private final int[] hashes;

  private byte[] buffer = new byte[256];

  /**
   * @param slots a power of two
   */
  public RecentStrings(int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    keys = new byte[slots][];
    strings = new String[slots];
    hashes = new int[slots];
  }

  /** A buffer of at least {@code length} bytes to read the next string's bytes into. */
  public byte[] buffer(int length) {
    if (buffer.length < length) {
      buffer = new byte[Math.max(length, buffer.length * 2)];
    }
    return buffer;
  }

  /** The string of {@code bytes[0..length)}, shared with an earlier call when recent and short. */
  public String decode(byte[] bytes, int length) {
    if (length > MAX_LENGTH) {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
    int hash = ByteKeyMemo.hash(bytes, length);
    int slot = hash & (keys.length - 1);
    if (hashes[slot] == hash) {
      byte[] key = keys[slot];
      if (key != null && key.length == length && Arrays.equals(key, 0, length, bytes, 0, length)) {
        return strings[slot];
      }
    }
    String string = new String(bytes, 0, length, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOf(bytes, length);
    strings[slot] = string;
    hashes[slot] = hash;
    return string;
  }
}
