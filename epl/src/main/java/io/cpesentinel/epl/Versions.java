package io.cpesentinel.epl;

/**
 * Orders firmware version strings the way vendors write them ({@code 1.2.10} after {@code 1.2.9},
 * {@code V2.0.1_B3} after {@code V2.0.1_B2}): digit runs compare as numbers, other runs as text.
 * Available in EPL as {@code versionCompare(a, b)}.
 */
public final class Versions {
  private Versions() {}

  /** Negative when {@code a} is older than {@code b}; 0 when either is null. */
  public static int compare(String a, String b) {
    if (a == null || b == null || a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int ei = i;
        while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
          ei++;
        }
        int ej = j;
        while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
          ej++;
        }
        // Digit runs without their leading zeros (one digit at least): longer is larger, then
        // digit by digit. No allocation: the engine calls this for every Inform.
        int sa = skipZeros(a, i, ei);
        int sb = skipZeros(b, j, ej);
        int c =
            ei - sa != ej - sb
                ? Integer.compare(ei - sa, ej - sb)
                : compareRegion(a, sa, b, sb, ei - sa);
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
        if (c != 0) {
          return c;
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int skipZeros(String s, int from, int end) {
    while (from < end - 1 && s.charAt(from) == '0') {
      from++;
    }
    return from;
  }

  private static int compareRegion(String a, int i, String b, int j, int length) {
    for (int k = 0; k < length; k++) {
      int c = Character.compare(a.charAt(i + k), b.charAt(j + k));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
