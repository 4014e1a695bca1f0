package io.cpesentinel.delivery.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpesentinel.delivery.DeliveryPipeline;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.delivery.testing.DeliveryTestbed;
import io.cpesentinel.deploy.local.Elasticsearch;
import io.cpesentinel.deploy.local.LocalStack;
import io.cpesentinel.deploy.local.StackProvisioner;
import io.cpesentinel.schema.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Elasticsearch goes away for a minute while alerts keep coming: the job must back-pressure (no
 * checkpoint completes, so no Kafka offset past what is in Elasticsearch is committed), keep
 * retrying, and deliver everything once the node is back. It has a stack of its own, so stopping
 * Elasticsearch does not disturb other tests.
 */
class ElasticsearchOutageITCase {
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void elasticsearchStoppedForAMinuteMidStreamThenRestartedLosesNothing() throws Exception {
    try (LocalStack stack = LocalStack.startOnFreePorts("delivery-es-outage");
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
        ElasticsearchClient es = Elasticsearch.client(stack.elasticsearchUrl());
        DeliveryTestbed bed =
            new DeliveryTestbed(
                stack.kafkaBootstrap(), stack.elasticsearchUrl(), admin, es, "es-outage")) {
      new StackProvisioner(admin, es).installIndexTemplates();
      List<Alert> before = batch("before", 100);
      List<Alert> during = batch("during", 100);

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      DeliveryPipeline.build(env, bed.config(false, null, null));
      JobClient job = env.executeAsync("es-outage");
      try {
        bed.produce(before);
        assertThat(
                bed.awaitDocuments(
                    bed.alertsIndexPrefix(), docs -> docs.size() == 100, Duration.ofMinutes(2)))
            .hasSize(100);

        stack.stopElasticsearch();
        bed.produce(during);
        long outageEnd = System.nanoTime() + OUTAGE.toNanos();
        long maxCommitted = 0;
        while (System.nanoTime() < outageEnd) {
          maxCommitted = Math.max(maxCommitted, committed(admin, bed.groupId()));
          assertThat(maxCommitted)
              .as("offsets committed while Elasticsearch is down (checkpoints must not complete)")
              .isLessThanOrEqualTo(100);
          DeliveryTestbed.pause();
        }
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

        stack.startStopped();
        List<Hit<JsonNode>> docs =
            bed.awaitDocuments(
                bed.alertsIndexPrefix(), d -> d.size() >= 200, Duration.ofMinutes(3));
        Set<String> expected = new java.util.HashSet<>();
        before.forEach(a -> expected.add(a.getAlertId()));
        during.forEach(a -> expected.add(a.getAlertId()));
        assertThat(docs.stream().map(Hit::id).collect(Collectors.toList()))
            .containsExactlyInAnyOrderElementsOf(expected);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static List<Alert> batch(String name, int count) {
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      alerts.add(Alerts.acsHijack(name + "-" + i, name + i).build());
    }
    return alerts;
  }

  /** Records of the alert topic covered by the group's committed offsets. */
  private static long committed(Admin admin, String group) throws Exception {
    Map<?, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream()
        .filter(o -> o != null)
        .mapToLong(OffsetAndMetadata::offset)
        .sum();
  }
}
