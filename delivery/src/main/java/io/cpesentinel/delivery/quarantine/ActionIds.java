package io.cpesentinel.delivery.quarantine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic action ids: the same alert or command always yields the same id, which is both the
 * audit document's {@code _id} and the webhook's idempotency key. Only {@code [0-9a-f]}, so it is
 * safe inside the signed content {@code id.timestamp.body}.
 */
final class ActionIds {
  private ActionIds() {}

  static String of(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
