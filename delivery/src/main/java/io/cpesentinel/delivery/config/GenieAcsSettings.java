package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import java.io.Serializable;
import java.net.URI;

/**
 * The GenieACS northbound interface (NBI).
 *
 * @param url the NBI base URL, e.g. {@code https://genieacs-nbi.isp.example:7557}
 * @param username optional HTTP basic user
 * @param password the basic-auth password, from env or file; required with a username
 */
public record GenieAcsSettings(URI url, String username, SecretRef password)
    implements Serializable {
  public GenieAcsSettings {
    ConfigException.required(url, "url");
    Endpoints.requireHttp(url, "url");
    ConfigException.require(
        (username == null) == (password == null),
        "password",
        "give username and password together, or neither");
  }
}
