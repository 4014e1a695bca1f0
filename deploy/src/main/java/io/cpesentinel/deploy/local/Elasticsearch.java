package io.cpesentinel.deploy.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/** The one way this project builds an Elasticsearch client for a URL. */
public final class Elasticsearch {
  private Elasticsearch() {}

  public static ElasticsearchClient client(String url) {
    return ElasticsearchClient.of(b -> b.host(url));
  }
}
