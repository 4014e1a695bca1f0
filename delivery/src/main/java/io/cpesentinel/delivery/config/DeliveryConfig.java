package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything the delivery job is told, read once at start by {@link ConfigLoader}. Unknown keys and
 * bad values stop the job before it runs; secrets are only referenced ({@link SecretRef}).
 *
 * @param kafka where alerts are read
 * @param checkpointInterval how often Flink checkpoints; a checkpoint completes only once every
 *     destination has its alerts; default 30 s
 * @param parallelism job parallelism; default: the cluster's
 * @param elasticsearch the SOC's cluster (required)
 * @param pagerduty paging (optional)
 * @param quarantine the guarded ACS quarantine hook (optional)
 */
public record DeliveryConfig(
    KafkaSettings kafka,
    Duration checkpointInterval,
    Integer parallelism,
    ElasticsearchSettings elasticsearch,
    PagerDutySettings pagerduty,
    QuarantineSettings quarantine)
    implements Serializable {
  public DeliveryConfig {
    ConfigException.required(kafka, "kafka");
    ConfigException.required(elasticsearch, "elasticsearch");
    checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(30) : checkpointInterval;
    ConfigException.require(
        checkpointInterval.compareTo(Duration.ofMillis(100)) >= 0,
        "checkpointInterval",
        "must be at least 100 ms");
    ConfigException.require(
        parallelism == null || parallelism > 0, "parallelism", "must be positive");
  }
}
