package io.cpesentinel.deploy.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cpesentinel.schema.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates what the pipeline expects to exist: the topics of {@link Topic} with their contract
 * configs, and the Elasticsearch index templates. Idempotent, so {@code stack up} can run it on
 * every start.
 */
public final class StackProvisioner {
  /** Index templates shipped under {@code elasticsearch/} on the class path, by template name. */
  public static final List<String> INDEX_TEMPLATES = List.of("cpe-alerts", "cpe-quarantine-audit");

  private final Admin admin;
  private final ElasticsearchClient elasticsearch;

  public StackProvisioner(Admin admin, ElasticsearchClient elasticsearch) {
    this.admin = admin;
    this.elasticsearch = elasticsearch;
  }

  /** Creates each topic under the given name unless it exists; returns the names created. */
  public List<String> createTopics(Map<Topic, String> names) {
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get();
    } catch (ExecutionException | InterruptedException e) {
      throw failure("cannot list Kafka topics", e);
    }
    List<NewTopic> toCreate = new ArrayList<>();
    names.forEach(
        (topic, name) -> {
          if (!existing.contains(name)) {
            toCreate.add(
                new NewTopic(name, topic.defaultPartitions(), (short) 1)
                    .configs(topic.defaultConfig()));
          }
        });
    try {
      admin.createTopics(toCreate).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw failure("cannot create Kafka topics " + names.values(), e);
      }
    } catch (InterruptedException e) {
      throw failure("interrupted creating Kafka topics", e);
    }
    List<String> created = toCreate.stream().map(NewTopic::name).toList();
    awaitLeaders(created, Duration.ofSeconds(30));
    return created;
  }

  /**
   * Creation returns once the controller has the topics; clients see them a moment later. Waits
   * (bounded) until every partition has a leader, so callers can use the topics at once.
   */
  private void awaitLeaders(List<String> topics, Duration deadline) {
    long stop = System.nanoTime() + deadline.toNanos();
    while (!topics.isEmpty()) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get();
        if (described.values().stream()
            .flatMap(d -> d.partitions().stream())
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw failure("cannot describe Kafka topics " + topics, e);
        }
      } catch (InterruptedException e) {
        throw failure("interrupted waiting for Kafka topics", e);
      }
      if (System.nanoTime() > stop) {
        throw new IllegalStateException(
            "Kafka topics " + topics + " have no leaders after " + deadline);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the poll interval
    }
  }

  /** Installs (or replaces) every shipped index template. */
  public void installIndexTemplates() {
    for (String name : INDEX_TEMPLATES) {
      String resource = "elasticsearch/" + name + ".index-template.json";
      try (InputStream json =
          StackProvisioner.class.getClassLoader().getResourceAsStream(resource)) {
        if (json == null) {
          throw new IllegalStateException("missing class-path resource " + resource);
        }
        elasticsearch.indices().putIndexTemplate(t -> t.name(name).withJson(json));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot install index template " + name, e);
      }
    }
  }

  private static IllegalStateException failure(String message, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    return new IllegalStateException(message + ": " + cause.getMessage(), cause);
  }
}
