package io.cpesentinel.jobs.detection;

import static io.cpesentinel.jobs.detection.CorrelationTraffic.MINUTE;
import static io.cpesentinel.jobs.detection.CorrelationTraffic.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.epl.RuleOutput;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.jobs.RecentTime;
import io.cpesentinel.jobs.detection.epl.TryRuleOnTopic;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.RuleAction;
import io.cpesentinel.schema.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped correlation rules inside the running detection job, on raw Informs and ACS events
 * through the real broker (the findings they correlate come from the job's own detectors): each of
 * the five fires once on its attack, none on the benign look-alikes. Then, on the same running job,
 * hot reload: a rule published to {@code cpe.rules} is ACCEPTED and fires, a broken one is REJECTED
 * with its compile error, and the rules that ran keep firing.
 */
@ExtendWith(LocalStackExtension.class)
class CorrelationRulesITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTesting.twoSlotCluster();

  private static final long T0 = RecentTime.hoursAgo(3);

  private static final String ADMIN_PASSWORD = "Device.Users.User.1.Password";
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String ACS_URL = "Device.ManagementServer.URL";
  private static final String INTERVAL = "Device.ManagementServer.PeriodicInformInterval";
  private static final String FIRMWARE = "Device.DeviceInfo.SoftwareVersion";
  private static final String OUR_ACS = "https://acs.isp.example/";
  private static final List<String> PERIODIC = List.of("2 PERIODIC");
  private static final List<String> BOOT = List.of("1 BOOT");

  static String bootWatch(String version) {
    return "// any boot of a watched device\n"
        + "@Name('boot-watch')\n@Description('A watched device booted')\n"
        + "@Tag(name='severity', value='LOW')\n@Tag(name='version', value='"
        + version
        + "')\nselect deviceKey, eventId as eventIds\n"
        + "from InformFact('1 BOOT' in (eventCodes) and deviceKey like '%WATCH%');\n";
  }

  @Test
  void shippedRulesFireOnAttacksNotLookAlikesAndRulesReloadWhileRunning(
      StackResources stack, @TempDir Path checkpoints) throws Exception {
    Map<Topic, String> topics = stack.topics();
    CorrelationTraffic traffic = new CorrelationTraffic(stack, topics);
    attacksAndLookAlikes(traffic);
    traffic.tick(T0 + 90 * MINUTE).send();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DetectionJob.build(
        env,
        new JobSettings(
            stack.kafkaBootstrap(),
            "correlation-itcase",
            topics,
            Duration.ofSeconds(1),
            checkpoints.toUri().toString(),
            false),
        ConfigFiles.defaults());
    JobClient job = env.executeAsync("correlation-rules");
    try {
      List<Alert> alerts =
          traffic.awaitCorrelationAlerts(a -> a.size() >= 5, Duration.ofSeconds(90));
      assertThat(alerts)
          .map(a -> CorrelationTraffic.describe(a, T0))
          .containsExactlyInAnyOrder(
              "likely-compromise " + key("COMPROMISED") + " +PT4M",
              "dns-change-then-reboot " + key("DNSCHANGER") + " +PT6M",
              "acs-url-change-gone-dark " + key("HIJACKED") + " +PT26M",
              "firmware-downgrade " + key("DOWNGRADED") + " +PT5M",
              "repeated-factory-reset " + key("RESETS") + " +PT1H");
      Alert compromise =
          alerts.stream().filter(a -> a.getRuleId().equals("likely-compromise")).findFirst().get();
      assertThat(compromise.getSeverity().name()).isEqualTo("CRITICAL");
      assertThat(compromise.getRuleVersion()).isEqualTo("1");
      assertThat(compromise.getQuarantineEligible()).isTrue();
      assertThat(compromise.getEvidence().getDetails())
          .containsEntry("authFailures", "6")
          .containsEntry("parameter", "admin.user-password");
      // The rule author's command over the same recorded topics finds the same downgrade.
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      List<RuleOutput> tried =
          TryRuleOnTopic.run(
              Path.of(System.getProperty("cpe.sentinel.root"), "rules/epl/firmware-downgrade.epl"),
              stack.kafkaBootstrap(),
              topics,
              null,
              100_000,
              new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertThat(tried).map(RuleOutput::deviceKey).containsExactly(key("DOWNGRADED"));
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("firmware-downgrade v2 HIGH " + key("DOWNGRADED"));
      assertThat(traffic.allAlerts())
          .as("the findings the rules correlated came from the job's own detectors")
          .anySatisfy(
              a -> {
                assertThat(a.getRuleId()).isEqualTo("critical-parameter-change");
                assertThat(a.getSubjectKey()).isEqualTo(key("DNSCHANGER"));
              });

      // Hot reload on the running job: a new rule runs within seconds.
      traffic.publish("boot-watch", "7", RuleAction.ADD, bootWatch("7"));
      assertThat(traffic.awaitStatuses(1, Duration.ofSeconds(30)).get(0))
          .contains("\"ruleId\":\"boot-watch\"")
          .contains("\"status\":\"ACCEPTED\"");
      traffic.inform("WATCH1", T0 + 95 * MINUTE, BOOT).tick(T0 + 100 * MINUTE).send();
      alerts = traffic.awaitCorrelationAlerts(a -> a.size() >= 6, Duration.ofSeconds(60));
      assertThat(alerts)
          .filteredOn(a -> a.getRuleId().equals("boot-watch"))
          .map(a -> a.getSubjectKey() + " v" + a.getRuleVersion())
          .containsExactly(key("WATCH1") + " v7");

      // A broken module is rejected with its error; what ran keeps running.
      traffic.publish(
          "broken-rule",
          "1",
          RuleAction.ADD,
          "@Name('broken-rule') @Description('x')\n@Tag(name='severity', value='LOW')"
              + " @Tag(name='version', value='1')\nselect deviceKey frm InformFact;");
      assertThat(traffic.awaitStatuses(2, Duration.ofSeconds(30)).get(1))
          .contains("\"ruleId\":\"broken-rule\"")
          .contains("\"status\":\"REJECTED\"")
          .contains("cpe.rules/broken-rule:3: Incorrect syntax near 'InformFact'");
      traffic
          .inform("LATER", T0 + 101 * MINUTE, PERIODIC, FIRMWARE, "V3.1")
          .inform("LATER", T0 + 104 * MINUTE, BOOT, FIRMWARE, "V3.0")
          .inform("WATCH2", T0 + 105 * MINUTE, BOOT)
          .tick(T0 + 110 * MINUTE)
          .send();
      alerts = traffic.awaitCorrelationAlerts(a -> a.size() >= 8, Duration.ofSeconds(60));
      assertThat(alerts)
          .map(a -> CorrelationTraffic.describe(a, T0))
          .contains(
              "boot-watch " + key("WATCH2") + " +PT1H45M",
              "firmware-downgrade " + key("LATER") + " +PT1H44M")
          .hasSize(8);
    } finally {
      job.cancel().get();
    }
  }

  /** The fixtures' scenarios as raw records: one attack per rule, and its look-alikes. */
  private static void attacksAndLookAlikes(CorrelationTraffic t) {
    // likely-compromise: 6 failures, a success, an unsolicited admin password change (finding
    // after the 1-minute grace, at +4m). Look-alike: 2 failures only.
    for (String serial : List.of("COMPROMISED", "TYPO")) {
      t.inform(serial, T0, PERIODIC, ADMIN_PASSWORD, "hmac-sha256:aa");
      int failures = serial.equals("TYPO") ? 2 : 6;
      for (int i = 0; i < failures; i++) {
        t.acs(serial, T0 + MINUTE + i * 10_000, AcsEventKind.AUTH_FAILURE);
      }
      t.acs(serial, T0 + 2 * MINUTE, AcsEventKind.AUTH_SUCCESS);
      t.inform(
          serial, T0 + 3 * MINUTE, List.of("4 VALUE CHANGE"), ADMIN_PASSWORD, "hmac-sha256:bb");
    }
    // dns-change-then-reboot: unknown resolver at +2m (finding at +3m), reboot at +6m.
    // Look-alike: the ACS set the same resolver first (no finding), then the reboot.
    for (String serial : List.of("DNSCHANGER", "DNSROLLOUT")) {
      t.inform(serial, T0, PERIODIC, DNS, "192.0.2.53");
      if (serial.equals("DNSROLLOUT")) {
        t.acs(serial, T0 + MINUTE, AcsEventKind.SET_PARAMETER_VALUES, DNS, "203.0.113.53");
      }
      t.inform(serial, T0 + 2 * MINUTE, List.of("4 VALUE CHANGE"), DNS, "203.0.113.53");
      t.inform(serial, T0 + 6 * MINUTE, BOOT, DNS, "203.0.113.53");
    }
    // acs-url-change-gone-dark: informs every 5 min, new ACS URL at +10m (finding at +11m), then
    // silence: alert at +11m + 3 x 300 s. Look-alike: same change, keeps informing.
    for (String serial : List.of("HIJACKED", "STILLHERE")) {
      t.inform(serial, T0, PERIODIC, ACS_URL, OUR_ACS, INTERVAL, "300");
      t.inform(serial, T0 + 5 * MINUTE, PERIODIC, ACS_URL, OUR_ACS, INTERVAL, "300");
      t.inform(
          serial,
          T0 + 10 * MINUTE,
          List.of("4 VALUE CHANGE"),
          ACS_URL,
          "http://203.0.113.9/acs",
          INTERVAL,
          "300");
      if (serial.equals("STILLHERE")) {
        for (int m = 15; m <= 60; m += 5) {
          t.inform(
              serial,
              T0 + m * MINUTE,
              PERIODIC,
              ACS_URL,
              "http://203.0.113.9/acs",
              INTERVAL,
              "300");
        }
      }
    }
    // firmware-downgrade at +5m; look-alike: an upgrade 1.2.9 -> 1.2.10.
    t.inform("DOWNGRADED", T0, PERIODIC, FIRMWARE, "V1.2.10");
    t.inform("DOWNGRADED", T0 + 5 * MINUTE, BOOT, FIRMWARE, "V1.2.9");
    t.inform("UPGRADED", T0, PERIODIC, FIRMWARE, "V1.2.9");
    t.inform("UPGRADED", T0 + 5 * MINUTE, List.of("1 BOOT", "M Download"), FIRMWARE, "V1.2.10");
    // repeated-factory-reset: third bootstrap at +60m; look-alike: two bootstraps.
    for (int m : new int[] {0, 30, 60}) {
      t.inform("RESETS", T0 + m * MINUTE, List.of("0 BOOTSTRAP", "1 BOOT"));
    }
    for (int m : new int[] {0, 30}) {
      t.inform("RESETONCE", T0 + m * MINUTE, List.of("0 BOOTSTRAP", "1 BOOT"));
    }
  }
}
