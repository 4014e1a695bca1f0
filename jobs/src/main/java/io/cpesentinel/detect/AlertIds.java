package io.cpesentinel.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same rule, key and window start give the same id, so a replay of the
 * same input updates the same Elasticsearch document and PagerDuty incident.
 */
public final class AlertIds {
  private AlertIds() {}

  public static String of(String ruleId, String subjectKey, long windowStartMillis) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest =
          sha.digest(
              (ruleId + '\n' + subjectKey + '\n' + windowStartMillis)
                  .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
