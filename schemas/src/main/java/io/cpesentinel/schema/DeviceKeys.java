package io.cpesentinel.schema;

import java.nio.charset.StandardCharsets;

/**
 * The device key used on every topic: the same string GenieACS uses as its device id, so a key can
 * be handed to the GenieACS NBI unchanged. Each part has every byte outside {@code [A-Za-z0-9_]}
 * percent-escaped (upper-case hex, UTF-8), which keeps the {@code -} separators unambiguous; a
 * device without ProductClass is {@code OUI-SerialNumber}.
 */
public final class DeviceKeys {
  private DeviceKeys() {}

  public static String of(DeviceId id) {
    return of(id.getOui(), id.getProductClass(), id.getSerialNumber());
  }

  public static String of(String oui, String productClass, String serialNumber) {
    StringBuilder key = new StringBuilder(48);
    escape(oui, key);
    if (productClass != null && !productClass.isEmpty()) {
      key.append('-');
      escape(productClass, key);
    }
    key.append('-');
    escape(serialNumber, key);
    return key.toString();
  }

  private static void escape(String part, StringBuilder out) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (isKept(c)) {
        out.append(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < part.length() ? i + 2 : i + 1;
        for (byte b : part.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
          out.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        i = end - 1;
      }
    }
  }

  private static boolean isKept(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }
}
