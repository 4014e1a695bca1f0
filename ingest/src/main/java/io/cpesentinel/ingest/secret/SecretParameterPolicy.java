package io.cpesentinel.ingest.secret;

import java.util.ArrayList;
import java.util.List;

/**
 * Which parameters hold secrets, by the last segment of the path. The built-in suffixes cover every
 * "hidden"/"secured" credential leaf in TR-098 and TR-181 (passwords, Wi-Fi passphrases and keys,
 * RADIUS secrets, the WPS PIN); operators add vendor leaves such as {@code X_ACME_AdminPin}.
 */
public final class SecretParameterPolicy {
  /** Leaf-name suffixes of secret parameters in TR-098/TR-181 (see cwmp-reference.md §1). */
  public static final List<String> STANDARD_SUFFIXES =
      List.of(
          "Password",
          "Passphrase",
          "PreSharedKey",
          "WEPKey",
          "RadiusSecret",
          "Secret",
          "PSKPassphrase",
          "WPS.PIN");

  private final List<String> suffixes;

  public SecretParameterPolicy(List<String> extraSuffixes) {
    List<String> all = new ArrayList<>(STANDARD_SUFFIXES);
    all.addAll(extraSuffixes);
    this.suffixes = List.copyOf(all);
  }

  public boolean isSecret(String parameterName) {
    for (String suffix : suffixes) {
      if (parameterName.endsWith(suffix) && isWholeSegment(parameterName, suffix)) {
        return true;
      }
    }
    return false;
  }

  /** The suffix must be the whole leaf or end it ({@code ConfigPassword}, not {@code Key}). */
  private static boolean isWholeSegment(String name, String suffix) {
    int start = name.length() - suffix.length();
    if (start == 0 || suffix.contains(".")) {
      return start == 0 || name.charAt(start - 1) == '.';
    }
    return true;
  }
}
