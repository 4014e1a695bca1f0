package io.cpesentinel.delivery.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cpesentinel.delivery.config.ElasticsearchSettings;

/**
 * Builds the Java client for the configured cluster: https URLs use the JVM's trust store, an API
 * key is read from its secret reference here, on the task manager, and kept nowhere else.
 */
public final class ElasticsearchClients {
  private ElasticsearchClients() {}

  public static ElasticsearchClient open(ElasticsearchSettings settings) {
    return ElasticsearchClient.of(
        builder -> {
          builder.host(settings.url());
          if (settings.apiKey() != null) {
            builder.apiKey(settings.apiKey().resolve("elasticsearch.apiKey"));
          }
          return builder;
        });
  }
}
