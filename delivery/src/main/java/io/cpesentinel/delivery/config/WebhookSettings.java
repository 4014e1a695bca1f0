package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import java.io.Serializable;
import java.net.URI;

/**
 * A Standard Webhooks receiver on the ACS side.
 *
 * @param url where quarantine and release events are POSTed
 * @param secret the signing secret, {@code whsec_<base64>}, from env or file
 */
public record WebhookSettings(URI url, SecretRef secret) implements Serializable {
  public WebhookSettings {
    ConfigException.required(url, "url");
    Endpoints.requireHttp(url, "url");
    ConfigException.required(secret, "secret");
  }
}
