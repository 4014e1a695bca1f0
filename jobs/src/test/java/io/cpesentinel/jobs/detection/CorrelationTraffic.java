package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.RuleAction;
import io.cpesentinel.schema.RuleModule;
import io.cpesentinel.schema.SampleRecords;
import io.cpesentinel.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Raw Informs and ACS events for the correlation ITCases, sent to the real broker in event-time
 * order, with "ticks" (one quiet device per partition of each input topic) that move every
 * partition's watermark, so rules waiting for time fire without waiting for idleness.
 */
final class CorrelationTraffic {
  static final long MINUTE = 60_000;
  static final Set<String> SHIPPED_RULES =
      Set.of(
          "likely-compromise",
          "acs-url-change-gone-dark",
          "dns-change-then-reboot",
          "firmware-downgrade",
          "repeated-factory-reset");

  private record Pending(String topic, String key, long at, byte[] value) {}

  private final StackResources stack;
  private final Map<Topic, String> topics;
  private final List<Pending> pending = new ArrayList<>();
  private int sequence;

  CorrelationTraffic(StackResources stack, Map<Topic, String> topics) {
    this.stack = stack;
    this.topics = topics;
  }

  static DeviceId device(String serial) {
    return DeviceId.newBuilder()
        .setManufacturer("Acme Networks")
        .setOui("0012AB")
        .setProductClass("HGW-5000")
        .setSerialNumber(serial)
        .build();
  }

  static String key(String serial) {
    return DeviceKeys.of(device(serial));
  }

  /** An Inform of {@code serial} with event codes and (path, value) pairs. */
  CorrelationTraffic inform(String serial, long at, List<String> codes, String... pathValues) {
    List<ParameterValue> params = new ArrayList<>();
    for (int i = 0; i < pathValues.length; i += 2) {
      params.add(SampleRecords.param(pathValues[i], pathValues[i + 1], "xsd:string"));
    }
    CwmpInform inform =
        CwmpInform.newBuilder(SampleRecords.bootInform())
            .setEventId("inf-" + serial + "-" + (++sequence))
            .setReceivedAt(Instant.ofEpochMilli(at))
            .setDeviceId(device(serial))
            .setEvents(
                codes.stream().map(c -> InformEvent.newBuilder().setCode(c).build()).toList())
            .setParameters(params)
            .build();
    pending.add(
        new Pending(
            topics.get(Topic.CPE_INFORM),
            key(serial),
            at,
            AvroValueCodec.forType(CwmpInform.class).encode(inform)));
    return this;
  }

  CorrelationTraffic acs(String serial, long at, AcsEventKind kind, String... pathValues) {
    List<ParameterValue> params = new ArrayList<>();
    for (int i = 0; i < pathValues.length; i += 2) {
      params.add(SampleRecords.param(pathValues[i], pathValues[i + 1], "xsd:string"));
    }
    AcsEvent event =
        AcsEvent.newBuilder()
            .setEventId("acs-" + serial + "-" + (++sequence))
            .setOccurredAt(Instant.ofEpochMilli(at))
            .setReceivedAt(Instant.ofEpochMilli(at))
            .setOrigin(AcsEventOrigin.CWMP_PROXY)
            .setIngestNode("ingest-1")
            .setDeviceKey(key(serial))
            .setSourceIp("198.51.100.7")
            .setKind(kind)
            .setRpcMethod(kind == AcsEventKind.SET_PARAMETER_VALUES ? "SetParameterValues" : null)
            .setParameters(params)
            .build();
    pending.add(
        new Pending(
            topics.get(Topic.ACS_EVENTS),
            key(serial),
            at,
            AvroValueCodec.forType(AcsEvent.class).encode(event)));
    return this;
  }

  /** A record at {@code at} on every partition of both input topics. */
  CorrelationTraffic tick(long at) {
    for (Topic topic : List.of(Topic.CPE_INFORM, Topic.ACS_EVENTS)) {
      Set<Integer> covered = new TreeSet<>();
      for (int n = 0; covered.size() < topic.defaultPartitions(); n++) {
        String serial = "TICK" + n;
        int partition =
            Utils.toPositive(Utils.murmur2(key(serial).getBytes(StandardCharsets.UTF_8)))
                % topic.defaultPartitions();
        if (covered.add(partition)) {
          if (topic == Topic.CPE_INFORM) {
            inform(serial, at, List.of("2 PERIODIC"));
          } else {
            acs(serial, at, AcsEventKind.RPC_RESPONSE);
          }
        }
      }
    }
    return this;
  }

  /** Sends everything added, in event-time order, and waits for the broker's acks. */
  void send() {
    pending.sort(Comparator.comparingLong(Pending::at));
    for (Pending record : pending) {
      stack.send(record.topic(), record.key(), record.at(), record.value());
    }
    stack.flush();
    pending.clear();
  }

  void publish(String ruleId, String version, RuleAction action, String epl) {
    RuleModule module =
        RuleModule.newBuilder()
            .setRuleId(ruleId)
            .setVersion(version)
            .setAction(action)
            .setEpl(epl)
            .setPublishedBy("itcase")
            .build();
    stack.send(
        topics.get(Topic.CPE_RULES),
        ruleId,
        System.currentTimeMillis(),
        AvroValueCodec.forType(RuleModule.class).encode(module));
    stack.flush();
  }

  /** Reads the alerts topic until {@code done} holds for the alerts of correlation rules. */
  List<Alert> awaitCorrelationAlerts(Predicate<List<Alert>> done, Duration deadline)
      throws Exception {
    long stop = System.nanoTime() + deadline.toNanos();
    while (true) {
      List<Alert> alerts =
          FlinkTesting.alerts(stack, topics.get(Topic.CPE_ALERTS)).stream()
              .filter(a -> a.getTags().contains("correlation"))
              .toList();
      if (done.test(alerts) || System.nanoTime() > stop) {
        return alerts;
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // poll interval
    }
  }

  /** Every alert of any rule, as read now. */
  List<Alert> allAlerts() throws Exception {
    return FlinkTesting.alerts(stack, topics.get(Topic.CPE_ALERTS));
  }

  /** Reads {@code cpe.rules.status} until {@code count} statuses are there. */
  List<String> awaitStatuses(int count, Duration deadline) {
    long stop = System.nanoTime() + deadline.toNanos();
    while (true) {
      List<String> statuses = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record :
          stack.readToEnd(topics.get(Topic.CPE_RULES_STATUS), Duration.ofSeconds(30))) {
        statuses.add(new String(record.value(), StandardCharsets.UTF_8));
      }
      if (statuses.size() >= count || System.nanoTime() > stop) {
        assertThat(statuses)
            .as("rule statuses within %s", deadline)
            .hasSizeGreaterThanOrEqualTo(count);
        return statuses;
      }
      LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // poll interval
    }
  }

  static String describe(Alert alert, long t0) {
    return alert.getRuleId()
        + " "
        + alert.getSubjectKey()
        + " +"
        + Duration.ofMillis(alert.getLastSeen().toEpochMilli() - t0);
  }
}
