package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import java.net.URI;

/** Checks shared by every HTTP destination. */
final class Endpoints {
  private Endpoints() {}

  static void requireHttp(URI url, String key) {
    String scheme = url.getScheme();
    ConfigException.require(
        "https".equals(scheme) || "http".equals(scheme),
        key,
        "must be an http:// or https:// URL, got " + url);
    ConfigException.require(url.getHost() != null, key, "has no host: " + url);
  }
}
