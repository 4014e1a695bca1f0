package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.jobs.RecentTime;
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
import io.cpesentinel.schema.SampleRecords;
import io.cpesentinel.schema.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection job on a MiniCluster against the real broker: a small fleet where three devices get
 * an unsolicited DNS change, three get one their ACS asked for, and one manages over plain HTTP.
 * Exactly the expected alerts come out, keyed by their alert id.
 */
@ExtendWith(LocalStackExtension.class)
class DetectionJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTesting.twoSlotCluster();

  private static final long T0 = RecentTime.hoursAgo(2);
  private static final long MINUTE = 60_000;
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String ACS_URL = "Device.ManagementServer.URL";

  @Test
  void unsolicitedChangesAndPostureAlertWhileAcsInitiatedChangesDoNot(
      StackResources stack, @TempDir Path checkpoints) throws Exception {
    Map<Topic, String> topics = stack.topics();
    AvroValueCodec<CwmpInform> informs = AvroValueCodec.forType(CwmpInform.class);
    AvroValueCodec<AcsEvent> events = AvroValueCodec.forType(AcsEvent.class);
    for (int d = 0; d < 40; d++) {
      DeviceId id = device(d);
      String key = DeviceKeys.of(id);
      String acsUrl = d == 6 ? "http://acs.isp.example/" : "https://acs.isp.example/";
      if (d >= 3 && d <= 5) {
        AcsEvent spv = dnsSet(key, T0 + 9 * MINUTE, "198.51.100.1");
        stack.send(
            topics.get(Topic.ACS_EVENTS),
            key,
            spv.getOccurredAt().toEpochMilli(),
            events.encode(spv));
      }
      for (int m = 0; m <= 20; m += 10) {
        String dns = "192.0.2.53";
        if (m >= 10 && d <= 2) {
          dns = "203.0.113.66";
        } else if (m >= 10 && d <= 5) {
          dns = "198.51.100.1";
        }
        CwmpInform inform = inform(id, T0 + m * MINUTE, dns, acsUrl);
        stack.send(topics.get(Topic.CPE_INFORM), key, T0 + m * MINUTE, informs.encode(inform));
      }
    }
    stack.flush();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DetectionJob.build(
        env,
        new JobSettings(
            stack.kafkaBootstrap(),
            "itcase",
            topics,
            Duration.ofSeconds(1),
            checkpoints.toUri().toString(),
            true),
        ConfigFiles.defaults());
    env.execute("detection-itcase");

    List<Alert> out = FlinkTesting.alerts(stack, topics.get(Topic.CPE_ALERTS));
    assertThat(out)
        .extracting(a -> a.getRuleId() + " " + a.getSubjectKey())
        .containsExactlyInAnyOrder(
            "critical-parameter-change " + DeviceKeys.of(device(0)),
            "critical-parameter-change " + DeviceKeys.of(device(1)),
            "critical-parameter-change " + DeviceKeys.of(device(2)),
            "posture.plain-http-management " + DeviceKeys.of(device(6)));
  }

  private static DeviceId device(int n) {
    return DeviceId.newBuilder(SampleRecords.tr181Device()).setSerialNumber("D" + n).build();
  }

  private static CwmpInform inform(DeviceId id, long at, String dns, String acsUrl) {
    CwmpInform template = SampleRecords.bootInform();
    List<ParameterValue> params = new ArrayList<>(template.getParameters());
    params.add(SampleRecords.param(DNS, dns, "xsd:string"));
    params.add(SampleRecords.param(ACS_URL, acsUrl, "xsd:string"));
    return CwmpInform.newBuilder(template)
        .setEventId(DeviceKeys.of(id) + "@" + at)
        .setReceivedAt(Instant.ofEpochMilli(at))
        .setDeviceId(id)
        .setEvents(List.of(InformEvent.newBuilder().setCode("2 PERIODIC").build()))
        .setParameters(params)
        .build();
  }

  private static AcsEvent dnsSet(String key, long at, String dns) {
    return AcsEvent.newBuilder(SampleRecords.setDnsEvent())
        .setEventId(key + "-spv")
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setReceivedAt(Instant.ofEpochMilli(at))
        .setOrigin(AcsEventOrigin.CWMP_PROXY)
        .setDeviceKey(key)
        .setKind(AcsEventKind.SET_PARAMETER_VALUES)
        .setParameters(List.of(SampleRecords.param(DNS, dns, "xsd:string")))
        .build();
  }
}
