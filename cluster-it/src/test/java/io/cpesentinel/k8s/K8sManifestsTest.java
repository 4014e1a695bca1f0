package io.cpesentinel.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cpesentinel.schema.Topic;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code deploy/k8s} offline. Kubernetes objects and Strimzi {@code KafkaTopic}s bind to
 * their published typed models (fabric8 kubernetes-model, Strimzi api) with no field left over, so
 * a misspelt or misplaced key fails here rather than at {@code kubectl apply}. The Flink operator's
 * model on Maven Central stops before Flink 2.x and ECK publishes none: {@code FlinkDeployment},
 * {@code Elasticsearch} and {@code Kibana} are checked for what the product depends on, not against
 * a schema.
 */
class K8sManifestsTest {
  private static final Path K8S =
      Path.of(System.getProperty("cpe.sentinel.root", "..")).resolve("deploy/k8s");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper MODELS =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Map<String, Class<?>> TYPED =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

  @Test
  void everyKubernetesAndStrimziObjectBindsToItsModelWithNothingLeftOver() throws IOException {
    List<JsonNode> documents = documents();
    int typed = 0;
    for (JsonNode document : documents) {
      String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
      Class<?> model = TYPED.get(type);
      if (model == null) {
        continue;
      }
      Object bound = MODELS.treeToValue(document, model);
      List<String> leftOver = new ArrayList<>();
      unknownFields(
          bound,
          type + " " + document.path("metadata").path("name").asText(),
          leftOver,
          new IdentityHashMap<>());
      assertThat(leftOver).as("fields the %s model does not know", type).isEmpty();
      assertThat(((HasMetadata) bound).getMetadata().getName()).isNotBlank();
      typed++;
    }
    assertThat(typed).isGreaterThanOrEqualTo(15);
  }

  @Test
  void everyContractTopicIsAKafkaTopicWithReplicasAndAMinimumInSyncSet() throws IOException {
    Map<String, KafkaTopic> topics = new java.util.HashMap<>();
    for (JsonNode document : documents()) {
      if (document.path("kind").asText().equals("KafkaTopic")) {
        KafkaTopic topic = MODELS.treeToValue(document, KafkaTopic.class);
        topics.put(topic.getMetadata().getName(), topic);
      }
    }
    for (Topic contract : Topic.values()) {
      KafkaTopic topic = topics.get(contract.topicName());
      assertThat(topic).as(contract.topicName()).isNotNull();
      assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "cpe-kafka");
      assertThat(topic.getSpec().getReplicas()).isEqualTo(3);
      assertThat(topic.getSpec().getConfig()).containsEntry("min.insync.replicas", 2);
    }
    // co-partitioned: one device's Informs and ACS events meet in one subtask without a shuffle
    assertThat(topics.get("acs.events").getSpec().getPartitions())
        .isEqualTo(topics.get("cpe.inform").getSpec().getPartitions());
  }

  @Test
  void flinkDeploymentsRunTheJobJarsWithHaObjectStorageAndSavepointUpgrades() throws IOException {
    List<JsonNode> deployments =
        documents().stream()
            .filter(d -> d.path("kind").asText().equals("FlinkDeployment"))
            .toList();
    assertThat(deployments).hasSize(2);
    for (JsonNode deployment : deployments) {
      assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
      JsonNode spec = deployment.path("spec");
      assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_1");
      JsonNode config = spec.path("flinkConfiguration");
      assertThat(config.path("high-availability.type").asText()).isEqualTo("kubernetes");
      assertThat(config.path("high-availability.storageDir").asText()).startsWith("s3://");
      assertThat(config.path("execution.checkpointing.dir").asText()).startsWith("s3://");
      assertThat(config.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
      JsonNode job = spec.path("job");
      assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
      assertThat(job.path("jarURI").asText()).startsWith("local:///opt/flink/usrlib/");
      assertThat(job.path("entryClass").asText())
          .isIn(
              "io.cpesentinel.jobs.detection.DetectionJob", "io.cpesentinel.delivery.DeliveryJob");
      // the pod template is a Pod: it must bind to the Kubernetes model like everything else
      Pod template = MODELS.treeToValue(spec.path("podTemplate"), Pod.class);
      List<String> leftOver = new ArrayList<>();
      unknownFields(template, "podTemplate", leftOver, new IdentityHashMap<>());
      assertThat(leftOver).isEmpty();
    }
    JsonNode detection =
        deployments.stream()
            .filter(d -> d.path("metadata").path("name").asText().equals("cpe-sentinel-detection"))
            .findFirst()
            .orElseThrow();
    JsonNode args = detection.path("spec").path("job").path("args");
    // DetectionJob <kafka-bootstrap> <checkpoint-dir-uri> [detection.yaml]
    // [critical-parameters.yaml]
    assertThat(args).hasSize(4);
    assertThat(args.get(1).asText())
        .isEqualTo(
            detection
                .path("spec")
                .path("flinkConfiguration")
                .path("execution.checkpointing.dir")
                .asText());
    assertThat(
            detection.path("spec").path("flinkConfiguration").path("state.backend.type").asText())
        .isEqualTo("rocksdb");
  }

  @Test
  void elasticsearchAndKibanaComeFromEck() throws IOException {
    List<String> kinds =
        documents().stream()
            .filter(d -> d.path("apiVersion").asText().contains(".k8s.elastic.co/"))
            .map(d -> d.path("kind").asText())
            .toList();
    assertThat(kinds).containsExactlyInAnyOrder("Elasticsearch", "Kibana");
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    List<String> present;
    try (Stream<Path> files = Files.walk(K8S)) {
      present =
          files
              .filter(f -> f.toString().endsWith(".yaml"))
              .map(f -> K8S.relativize(f).toString())
              .filter(f -> !f.equals("kustomization.yaml"))
              .toList();
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      for (JsonNode file : generator.path("files")) {
        assertThat(K8S.resolve(file.asText())).isRegularFile();
      }
    }
  }

  private static List<JsonNode> documents() throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(K8S)) {
      files =
          walk.filter(f -> f.toString().endsWith(".yaml"))
              .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
              .sorted()
              .toList();
    }
    YAMLFactory factory = new YAMLFactory();
    for (Path file : files) {
      try (var parser = factory.createParser(file.toFile())) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
      }
    }
    return documents;
  }

  /**
   * Collects every non-empty {@code additionalProperties} in the object graph: the typed models
   * keep fields they do not know there instead of failing.
   */
  private static void unknownFields(
      Object node, String path, List<String> found, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection<?> collection) {
      int i = 0;
      for (Object item : collection) {
        unknownFields(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> unknownFields(value, path + "." + key, found, seen));
      return;
    }
    String pkg = node.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.add(path + ": " + extra.keySet());
        }
        continue;
      }
      unknownFields(value, path + "." + getter.getName().substring(3), found, seen);
    }
  }
}
