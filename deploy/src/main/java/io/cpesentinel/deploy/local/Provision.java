package io.cpesentinel.deploy.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cpesentinel.schema.Topic;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Entry point {@code deploy/local/stack up} runs once both servers are healthy: creates the topics
 * under their contract names and installs the index templates. Reads {@code KAFKA_BOOTSTRAP} and
 * {@code ES_URL} from the environment the script exports.
 */
public final class Provision {
  private Provision() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = required("KAFKA_BOOTSTRAP");
    String esUrl = required("ES_URL");
    Map<Topic, String> names = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      names.put(topic, topic.topicName());
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        ElasticsearchClient es = Elasticsearch.client(esUrl)) {
      StackProvisioner provisioner = new StackProvisioner(admin, es);
      List<String> created = provisioner.createTopics(names);
      provisioner.installIndexTemplates();
      System.out.printf(
          "provisioned: topics %s (%d new), index templates %s%n",
          names.values(), created.size(), StackProvisioner.INDEX_TEMPLATES);
    }
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println("Provision: environment variable " + name + " is not set");
      System.exit(2);
    }
    return value;
  }
}
