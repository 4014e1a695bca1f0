package io.cpesentinel.detect;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.Arrays;

/**
 * A keyed 64-bit digest of everything the per-device detectors read of an Inform except its time,
 * id and event codes: identity, source address and every critical parameter (pattern, instance,
 * path, value). Two Informs of a device with one digest carry the same values, so the second one
 * changes nothing but the device's times ({@link DeviceDetector#onRepeatedInform}).
 *
 * <p>Keyed (SipHash-2-4 with a random key) because a CPE controls its parameter values: with an
 * unkeyed hash, a hijacked device could look for a DNS or ACS URL change whose digest equals its
 * old values' and have the change skipped. The key is the job's and is never stored in state: a
 * digest kept by a job with another key simply differs, and the Inform takes the whole-state path.
 * Not thread-safe (it reuses one buffer): one per operator instance.
 */
public final class InformDigest {
  private final HashFunction sipHash;

  /** What is hashed, assembled first: one call into the hash instead of one per character. */
  private byte[] input = new byte[1024];

  private int length;

  public InformDigest(long k0, long k1) {
    this.sipHash = Hashing.sipHash24(k0, k1);
  }

  /** The digest of {@code inform}; never 0, which stands for "unknown". */
  public long of(DeviceInform inform) {
    length = 0;
    put(inform.manufacturer);
    put(inform.oui);
    put(inform.productClass);
    put(inform.serialNumber);
    put(inform.sourceIp);
    putInt(inform.size());
    for (int i = 0; i < inform.size(); i++) {
      putInt(inform.patterns[i]);
      put(inform.instances[i]);
      put(inform.paths[i]);
      put(inform.values[i]);
    }
    long digest = sipHash.hashBytes(input, 0, length).asLong();
    return digest != 0 ? digest : 1;
  }

  /**
   * Length-prefixed, each character as one byte below 0x80 and as 0x80 and its two bytes above: no
   * two sequences of strings give the same input.
   */
  private void put(String value) {
    if (value == null) {
      putInt(-1);
      return;
    }
    int chars = value.length();
    putInt(chars);
    ensure(3 * chars);
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        input[length++] = (byte) c;
      } else {
        input[length++] = (byte) 0x80;
        input[length++] = (byte) (c >> 8);
        input[length++] = (byte) c;
      }
    }
  }

  private void putInt(int value) {
    ensure(4);
    input[length++] = (byte) (value >> 24);
    input[length++] = (byte) (value >> 16);
    input[length++] = (byte) (value >> 8);
    input[length++] = (byte) value;
  }

  private void ensure(int more) {
    if (length + more > input.length) {
      input = Arrays.copyOf(input, Math.max(2 * input.length, length + more));
    }
  }
}
