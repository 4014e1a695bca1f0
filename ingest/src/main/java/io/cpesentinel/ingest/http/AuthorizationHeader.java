package io.cpesentinel.ingest.http;

import io.cpesentinel.schema.AuthMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheme and user name of an HTTP {@code Authorization} header (never the password), for auth
 * events: {@code Basic} carries them base64-encoded, {@code Digest} as the {@code username}
 * parameter.
 */
public record AuthorizationHeader(AuthMethod method, String username) {
  private static final Pattern DIGEST_USERNAME =
      Pattern.compile("(?i)(?:^|[,\\s])username\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Null when the header is absent. */
  public static AuthorizationHeader parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    int space = value.indexOf(' ');
    String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : value.substring(space + 1).strip();
    return switch (scheme) {
      case "basic" -> new AuthorizationHeader(AuthMethod.BASIC, basicUser(rest));
      case "digest" -> new AuthorizationHeader(AuthMethod.DIGEST, digestUser(rest));
      default -> new AuthorizationHeader(AuthMethod.OTHER, null);
    };
  }

  /** The method a {@code WWW-Authenticate} challenge asks for. */
  public static AuthMethod challengeMethod(String wwwAuthenticate) {
    if (wwwAuthenticate == null) {
      return AuthMethod.OTHER;
    }
    String scheme = wwwAuthenticate.strip().toLowerCase(Locale.ROOT);
    if (scheme.startsWith("digest")) {
      return AuthMethod.DIGEST;
    }
    return scheme.startsWith("basic") ? AuthMethod.BASIC : AuthMethod.OTHER;
  }

  private static String basicUser(String token) {
    try {
      String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String digestUser(String parameters) {
    Matcher m = DIGEST_USERNAME.matcher(parameters);
    return m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : null;
  }
}
