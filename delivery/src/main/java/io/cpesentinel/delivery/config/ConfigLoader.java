package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.StrictYaml;
import io.cpesentinel.delivery.quarantine.WebhookSigner;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads the YAML configuration file into a {@link DeliveryConfig} the way every configuration file
 * of the product is read ({@link StrictYaml}), and refuses to start on anything doubtful: an
 * unknown key (a typo would otherwise silently keep a default, such as dry-run off), a value of the
 * wrong type or out of range, a secret that cannot be read. Every error names the key as a dotted
 * path and the reason.
 */
public final class ConfigLoader {
  private final UnaryOperator<String> environment;

  public ConfigLoader() {
    this(System::getenv);
  }

  /** With a given environment, so secrets in environment variables can be tested. */
  public ConfigLoader(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  public DeliveryConfig load(Path file) {
    return checkSecrets(StrictYaml.read(file, DeliveryConfig.class));
  }

  public DeliveryConfig parse(String text) {
    return checkSecrets(StrictYaml.parse(text, "", DeliveryConfig.class));
  }

  /** Reads each secret once, so a missing file or variable stops the job now, not at 3 a.m. */
  private DeliveryConfig checkSecrets(DeliveryConfig config) {
    if (config.elasticsearch().apiKey() != null) {
      config.elasticsearch().apiKey().resolve("elasticsearch.apiKey", environment);
    }
    if (config.pagerduty() != null) {
      List<PagerDutyRoute> routes = config.pagerduty().routes();
      for (int i = 0; i < routes.size(); i++) {
        routes.get(i).routingKey().resolve("pagerduty.routes[" + i + "].routingKey", environment);
      }
    }
    QuarantineSettings quarantine = config.quarantine();
    if (quarantine != null && quarantine.webhook() != null) {
      String secret =
          quarantine.webhook().secret().resolve("quarantine.webhook.secret", environment);
      try {
        WebhookSigner.fromSecret(secret);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("quarantine.webhook.secret", e.getMessage());
      }
    }
    if (quarantine != null
        && quarantine.genieacs() != null
        && quarantine.genieacs().password() != null) {
      quarantine.genieacs().password().resolve("quarantine.genieacs.password", environment);
    }
    return config;
  }
}
