package io.cpesentinel.ingest.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a secret with {@code hmac-sha256:<hex>} under the deployment's key: equal secrets give
 * equal digests (so a change, or the same password on many devices, is still visible), but without
 * the key nobody can test guesses against them. The key never appears in {@link #toString()}.
 */
public final class KeyedDigest {
  public static final String PREFIX = "hmac-sha256:";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 16;

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public KeyedDigest(byte[] keyBytes) {
    if (keyBytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the digest key must be at least " + MIN_KEY_BYTES + " bytes, got " + keyBytes.length);
    }
    this.key = new SecretKeySpec(keyBytes.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  public String digest(String secret) {
    Mac mac = macs.get();
    byte[] out = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    return PREFIX + HexFormat.of().formatHex(out);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the digest key was refused by " + ALGORITHM, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "KeyedDigest[" + ALGORITHM + ", key hidden]";
  }
}
