package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import java.io.Serializable;
import java.util.Locale;

/**
 * The Elasticsearch cluster the SOC reads in Kibana.
 *
 * @param url e.g. {@code https://es.soc.example:9200}; https uses the JVM's trust store
 * @param apiKey optional API key (encoded form), from env or file
 * @param alertsIndexPrefix alerts go to {@code <prefix>-yyyy.MM} by month of the alert's window
 *     start; default {@code cpe-alerts}
 * @param auditIndexPrefix quarantine audit records go to {@code <prefix>-yyyy.MM}; default {@code
 *     cpe-quarantine-audit}
 * @param maxBulkActions a bulk request is sent when this many documents are buffered (and on every
 *     checkpoint); default 500
 * @param retry backoff on 429, 5xx and connection errors; default retries without limit
 */
public record ElasticsearchSettings(
    String url,
    SecretRef apiKey,
    String alertsIndexPrefix,
    String auditIndexPrefix,
    Integer maxBulkActions,
    RetrySettings retry)
    implements Serializable {
  public ElasticsearchSettings {
    ConfigException.required(url, "url");
    ConfigException.require(
        url.startsWith("http://") || url.startsWith("https://"),
        "url",
        "must start with http:// or https://");
    alertsIndexPrefix = alertsIndexPrefix == null ? "cpe-alerts" : alertsIndexPrefix;
    auditIndexPrefix = auditIndexPrefix == null ? "cpe-quarantine-audit" : auditIndexPrefix;
    ConfigException.require(
        alertsIndexPrefix.equals(alertsIndexPrefix.toLowerCase(Locale.ROOT)),
        "alertsIndexPrefix",
        "Elasticsearch index names must be lower case");
    ConfigException.require(
        auditIndexPrefix.equals(auditIndexPrefix.toLowerCase(Locale.ROOT)),
        "auditIndexPrefix",
        "Elasticsearch index names must be lower case");
    maxBulkActions = maxBulkActions == null ? 500 : maxBulkActions;
    ConfigException.require(
        maxBulkActions > 0 && maxBulkActions <= 10_000, "maxBulkActions", "must be 1..10000");
    retry = retry == null ? RetrySettings.DEFAULT : retry;
  }
}
