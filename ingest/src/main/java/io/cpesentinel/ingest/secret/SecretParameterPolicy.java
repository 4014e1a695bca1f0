package io.cpesentinel.ingest.secret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * The suffixes by their last character: a name is compared only with the suffixes that end in its
   * own last character, most names with none (every parameter of every Inform passes here).
   */
  private final Map<Character, List<String>> suffixesByLastCharacter;

  /**
   * @throws IllegalArgumentException if an extra suffix is empty (it would match every parameter)
   */
  public SecretParameterPolicy(List<String> extraSuffixes) {
    List<String> all = new ArrayList<>(STANDARD_SUFFIXES);
    all.addAll(extraSuffixes);
    Map<Character, List<String>> byLast = new HashMap<>();
    for (String suffix : all) {
      if (suffix.isEmpty()) {
        throw new IllegalArgumentException(
            "an empty secret suffix would make every parameter secret");
      }
      byLast.computeIfAbsent(lastCharacter(suffix), c -> new ArrayList<>()).add(suffix);
    }
    this.suffixesByLastCharacter = Map.copyOf(byLast);
  }

  public boolean isSecret(String parameterName) {
    if (parameterName.isEmpty()) {
      return false;
    }
    List<String> candidates = suffixesByLastCharacter.get(lastCharacter(parameterName));
    if (candidates == null) {
      return false;
    }
    for (String suffix : candidates) {
      if (parameterName.endsWith(suffix) && isWholeSegment(parameterName, suffix)) {
        return true;
      }
    }
    return false;
  }

  private static char lastCharacter(String text) {
    return text.charAt(text.length() - 1);
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
