package io.cpesentinel.delivery.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpesentinel.delivery.DeliveryPipeline;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.delivery.testing.DeliveryTestbed;
import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The delivery job on a MiniCluster against a real broker and Elasticsearch node. */
@ExtendWith(LocalStackExtension.class)
class ElasticsearchDeliveryITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void alertsReplayedTenTimesGiveExactlyOneDocumentEachAndBadOnesGoToTheDeadLetterTopic(
      StackResources stack) throws Exception {
    try (DeliveryTestbed bed =
        new DeliveryTestbed(
            stack.kafkaBootstrap(),
            stack.elasticsearchUrl(),
            stack.admin(),
            stack.elasticsearch(),
            "es-replay")) {
      List<Alert> alerts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        alerts.add(Alerts.acsHijack("alert-" + i, "S" + i).build());
      }
      List<Alert> stream = new ArrayList<>();
      for (int replay = 0; replay < 10; replay++) {
        stream.addAll(alerts);
      }
      // the last word on the first ten incidents is their resolution
      for (int i = 0; i < 10; i++) {
        stream.add(Alert.newBuilder(alerts.get(i)).setStatus(AlertStatus.RESOLVED).build());
      }
      Alert unmappable = Alerts.sourceIp("alert-bad-ip", "not-an-ip").build();
      stream.add(unmappable);
      bed.produce(stream);
      bed.produceRaw(bed.alertsTopic(), "garbage", "<not avro>".getBytes(StandardCharsets.UTF_8));

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      DeliveryPipeline.build(env, bed.config(true, null, null));
      env.execute("es-replay");

      List<Hit<JsonNode>> docs = bed.documents(bed.alertsIndexPrefix());
      Map<String, Long> perId =
          docs.stream().collect(Collectors.groupingBy(Hit::id, Collectors.counting()));
      assertThat(perId).hasSize(50);
      assertThat(perId.values()).containsOnly(1L);
      assertThat(perId.keySet())
          .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::getAlertId).toList());
      Map<String, JsonNode> byId =
          docs.stream().collect(Collectors.toMap(Hit::id, Hit::source, (a, b) -> a, HashMap::new));
      assertThat(byId.get("alert-0").at("/alert/status").asText()).isEqualTo("resolved");
      assertThat(byId.get("alert-10").at("/alert/status").asText()).isEqualTo("open");

      Map<String, DeadLetter> letters =
          bed.deadLetters(2, Duration.ofSeconds(60)).stream()
              .collect(
                  Collectors.toMap(
                      r -> new String(r.key(), StandardCharsets.UTF_8),
                      r -> DeadLetter.fromHeaders(r.headers()).orElseThrow(),
                      (a, b) -> a,
                      HashMap::new));
      assertThat(letters).containsOnlyKeys("garbage", "alert-bad-ip");
      assertThat(letters.get("garbage").reasonCode()).isEqualTo("NOT_SINGLE_OBJECT_ENCODED");
      DeadLetter refused = letters.get("alert-bad-ip");
      assertThat(refused.reasonCode()).isEqualTo("ES_400");
      assertThat(refused.stage()).isEqualTo("delivery.elasticsearch");
      assertThat(refused.reason()).contains("source.ip");
    }
  }
}
