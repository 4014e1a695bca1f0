package io.cpesentinel.jobs.detection.epl;

import io.cpesentinel.detect.CorrelationFacts;
import io.cpesentinel.detect.DeviceInformDecoder;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.epl.CorrelationEngine;
import io.cpesentinel.epl.EsperCorrelationEngine;
import io.cpesentinel.epl.RuleModule;
import io.cpesentinel.epl.RuleOutput;
import io.cpesentinel.epl.RuleRejectedException;
import io.cpesentinel.epl.ShippedRules;
import io.cpesentinel.epl.TryRule;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.Topic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The rule author's loop on recorded traffic: {@code TryRuleOnTopic <rule.epl> --topic <bootstrap>
 * [--from <instant>] [--max <records per topic>]} reads {@code cpe.inform}, {@code acs.events} and
 * the device detectors' alerts in {@code cpe.alerts} (as findings) up to their current end, turns
 * them into facts exactly as the detection job does, runs the one rule over them in event-time
 * order and prints its alerts. Reads without a consumer group: it commits nothing.
 */
public final class TryRuleOnTopic {
  private TryRuleOnTopic() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || !args[1].equals("--topic")) {
      System.err.println(
          "usage: TryRuleOnTopic <rule.epl> --topic <bootstrap> [--from <instant>] [--max <n>]");
      System.exit(2);
    }
    String bootstrap = args[2];
    Instant from = null;
    int max = 1_000_000;
    for (int i = 3; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--from" -> from = Instant.parse(args[i + 1]);
        case "--max" -> max = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Map<Topic, String> topics = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      topics.put(topic, topic.topicName());
    }
    try {
      run(Path.of(args[0]), bootstrap, topics, from, max, System.out);
    } catch (RuleRejectedException e) {
      System.out.println("REJECTED " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Runs the rule in {@code ruleFile} over the records of {@code topics} on {@code bootstrap} (from
   * {@code from}, or the beginning; at most {@code max} per topic), printing each alert to {@code
   * out}; returns the alerts.
   */
  public static List<RuleOutput> run(
      Path ruleFile,
      String bootstrap,
      Map<Topic, String> topics,
      Instant from,
      int max,
      PrintStream out)
      throws Exception {
    RuleModule module = ShippedRules.fromFile(ruleFile);
    Detection detection = ConfigFiles.defaults();
    CorrelationFacts convert = new CorrelationFacts(detection);
    List<CorrelationFact> facts = new ArrayList<>();
    DeviceInformDecoder informs = new DeviceInformDecoder(detection);
    AvroValueCodec<AcsEvent> events = AvroValueCodec.forType(AcsEvent.class);
    AvroValueCodec<Alert> alerts = AvroValueCodec.forType(Alert.class);
    int[] undecodable = new int[1];
    read(
        bootstrap,
        topics.get(Topic.CPE_INFORM),
        from,
        max,
        r -> decode(() -> facts.add(convert.inform(informs.decode(r.value()))), undecodable));
    read(
        bootstrap,
        topics.get(Topic.ACS_EVENTS),
        from,
        max,
        r ->
            decode(
                () -> {
                  AcsEvent event = events.decode(r.value());
                  if (event.getDeviceKey() != null) {
                    facts.add(convert.acsEvent(event));
                  }
                },
                undecodable));
    read(
        bootstrap,
        topics.get(Topic.CPE_ALERTS),
        from,
        max,
        r ->
            decode(
                () -> {
                  Alert alert = alerts.decode(r.value());
                  if (!alert.getTags().contains("correlation")) {
                    facts.addAll(CorrelationFacts.findings(alert, r.timestamp()));
                  }
                },
                undecodable));
    facts.sort(Comparator.comparingLong(CorrelationFact::getAt));
    out.println(
        facts.size()
            + " facts"
            + (undecodable[0] > 0 ? ", " + undecodable[0] + " undecodable records skipped" : ""));
    List<RuleOutput> produced = new ArrayList<>();
    try (CorrelationEngine engine = new EsperCorrelationEngine("try-topic-" + module.ruleId())) {
      if (!facts.isEmpty()) {
        engine.advanceTo(facts.get(0).getAt());
      }
      engine.deploy(module);
      for (CorrelationFact fact : facts) {
        engine.feed(CorrelationFacts.toEngine(fact));
        for (RuleOutput output : engine.drain()) {
          out.println(TryRule.format(output));
          produced.add(output);
        }
      }
    }
    out.println(produced.size() + " alert(s)");
    return produced;
  }

  private interface Decoding {
    void run() throws RecordDecodingException;
  }

  private static void decode(Decoding decoding, int[] undecodable) {
    try {
      decoding.run();
    } catch (RecordDecodingException e) {
      undecodable[0]++;
    }
  }

  private static void read(
      String bootstrap,
      String topic,
      Instant from,
      int max,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      if (from != null) {
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(p -> at.put(p, from.toEpochMilli()));
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> e :
            consumer.offsetsForTimes(at).entrySet()) {
          if (e.getValue() != null) {
            consumer.seek(e.getKey(), e.getValue().offset());
          } else {
            consumer.seekToEnd(List.of(e.getKey()));
          }
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      int read = 0;
      while (read < max && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (read++ < max) {
            each.accept(record);
          }
        }
      }
    }
  }
}
