package io.cpesentinel.delivery.quarantine;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks symmetric signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}
 * with the key from a {@code whsec_<base64>} secret. Used to sign what we send and, in tests and by
 * receivers written in Java, to verify it.
 */
public final class WebhookSigner {
  private static final String PREFIX = "whsec_";
  private static final int MIN_KEY_BYTES = 24;
  private static final int MAX_KEY_BYTES = 64;

  private final SecretKeySpec key;

  private WebhookSigner(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * @param secret {@code whsec_} followed by the base64 of 24 to 64 random bytes
   * @throws IllegalArgumentException naming what is wrong, never echoing the secret
   */
  public static WebhookSigner fromSecret(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the part after " + PREFIX + " is not base64");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the key must be "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " bytes, not "
              + key.length);
    }
    return new WebhookSigner(key);
  }

  /** The {@code webhook-signature} header value for one message. */
  public String sign(String id, long timestampSeconds, String body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(id, timestampSeconds, body));
  }

  /**
   * Whether any of the space-separated {@code v1,} signatures in a header matches, in constant
   * time.
   */
  public boolean verify(String id, long timestampSeconds, String body, String signatureHeader) {
    byte[] expected = mac(id, timestampSeconds, body);
    for (String candidate : signatureHeader.split(" ")) {
      if (candidate.startsWith("v1,")) {
        byte[] given;
        try {
          given = Base64.getDecoder().decode(candidate.substring(3));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (MessageDigest.isEqual(expected, given)) {
          return true;
        }
      }
    }
    return false;
  }

  private byte[] mac(String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(
          (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
