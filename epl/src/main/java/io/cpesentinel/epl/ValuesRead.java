package io.cpesentinel.epl;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which canonical values an EPL module reads through the {@code values('<name>')} property of
 * {@link InformFact} and {@link AcsEventFact}. The job keeps in its facts only the values some
 * running rule reads: most rules read none, and an Inform carries dozens, which the job would
 * otherwise ship, store in its history and hand to the engine for nothing.
 *
 * <p>Read from the text, outside string literals and comments: every {@code values} followed by
 * {@code (} and a string literal is a name read. Any other use of {@code values} (a name computed
 * at run time, the whole map) or a {@code select *} means the module may read any value.
 */
public final class ValuesRead {
  private ValuesRead() {}

  /** The names the module reads; empty when it may read any value. */
  public static Optional<Set<String>> in(String epl) {
    Set<String> names = new TreeSet<>();
    int i = 0;
    int n = epl.length();
    while (i < n) {
      char c = epl.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfLiteral(epl, i) + 1;
      } else if (c == '/' && i + 1 < n && epl.charAt(i + 1) == '/') {
        int eol = epl.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && epl.charAt(i + 1) == '*') {
        int end = epl.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '`') { // an escaped identifier: `values` is how EPL names the property
        int end = epl.indexOf('`', i + 1);
        end = end < 0 ? n : end + 1;
        if (isWord(epl, i + 1, end - 1, "values")) {
          String name = literalArgument(epl, end);
          if (name == null) {
            return Optional.empty();
          }
          names.add(name);
        }
        i = end;
      } else if (Character.isJavaIdentifierStart(c)) {
        int end = i;
        while (end < n && Character.isJavaIdentifierPart(epl.charAt(end))) {
          end++;
        }
        if (isWord(epl, i, end, "select")
            && skipSpace(epl, end) < n
            && epl.charAt(skipSpace(epl, end)) == '*') {
          return Optional.empty(); // whole facts as columns, values included
        }
        if (isWord(epl, i, end, "values")) { // a keyword in EPL, but a.values(...) may parse
          String name = literalArgument(epl, end);
          if (name == null) {
            return Optional.empty();
          }
          names.add(name);
        }
        i = end;
      } else {
        i++;
      }
    }
    return Optional.of(Set.copyOf(names));
  }

  /** The literal in {@code ( 'name' )} starting at {@code from}, or null when it is not that. */
  private static String literalArgument(String epl, int from) {
    int i = skipSpace(epl, from);
    if (i >= epl.length() || epl.charAt(i) != '(') {
      return null;
    }
    i = skipSpace(epl, i + 1);
    if (i >= epl.length() || (epl.charAt(i) != '\'' && epl.charAt(i) != '"')) {
      return null;
    }
    int end = endOfLiteral(epl, i);
    if (end >= epl.length()) {
      return null;
    }
    String body = epl.substring(i + 1, end);
    int close = skipSpace(epl, end + 1);
    if (close >= epl.length() || epl.charAt(close) != ')' || body.indexOf('\\') >= 0) {
      return null; // an escaped name: let the module read every value rather than guess
    }
    return body;
  }

  /** Index of the quote closing the literal opened at {@code open} (or the text's length). */
  private static int endOfLiteral(String epl, int open) {
    char quote = epl.charAt(open);
    int i = open + 1;
    while (i < epl.length()) {
      char c = epl.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i;
      } else {
        i++;
      }
    }
    return epl.length();
  }

  private static boolean isWord(String epl, int start, int end, String word) {
    return end - start == word.length() && epl.regionMatches(true, start, word, 0, word.length());
  }

  private static int skipSpace(String epl, int i) {
    while (i < epl.length() && Character.isWhitespace(epl.charAt(i))) {
      i++;
    }
    return i;
  }
}
