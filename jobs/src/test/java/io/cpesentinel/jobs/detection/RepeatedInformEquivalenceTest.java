package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.DeviceInformDecoder;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.SampleRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clock's shortcuts (a repeated Inform, a timer that only re-arms, an expired device dropped
 * unread) change nothing an analyst sees: a random fleet's events go through the job's function and
 * through a reference that runs the detector on the whole state for every event, and both emit the
 * same alerts, cohort signals and adoptions.
 */
class RepeatedInformEquivalenceTest {
  private static final long T0 = SampleRecords.T0.toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final int DEVICES = 40;
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String TELNET = "Device.UserInterface.RemoteAccess.Enable";
  private static final String ACS_URL = "Device.ManagementServer.URL";

  private final AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
  private final DeviceInformDecoder decoder = new DeviceInformDecoder(ConfigFiles.defaults());

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aRandomFleetRaisesWhatTheWholeStateDetectorRaises(long seed) throws Exception {
    try (var job =
            DeviceDetectionFunctionTest.newHarness(
                new DeviceDetectionFunction(ConfigFiles.defaults()));
        var reference = DeviceDetectionFunctionTest.newHarness(new WholeStateDetectionFunction())) {
      job.open();
      reference.open();
      Seen jobSeen = new Seen();
      Seen referenceSeen = new Seen();
      Random random = new Random(seed);
      Device[] devices = new Device[DEVICES];
      for (int d = 0; d < DEVICES; d++) {
        devices[d] = new Device(d, random.nextInt(10));
      }
      for (int minute = 0; minute < 8 * 60; minute++) {
        long now = T0 + minute * MINUTE;
        for (Device device : devices) {
          if (device.silentUntil > minute || (minute - device.phase) % 10 != 0) {
            continue;
          }
          if (random.nextInt(100) < 3) {
            device.silentUntil = minute + 35 + random.nextInt(60); // leaves its cohort
          }
          if (random.nextInt(100) < 5) {
            AcsEvent event = device.acsEvent(random, now - MINUTE);
            job.processElement2(new StreamRecord<>(event, now - MINUTE));
            reference.processElement2(new StreamRecord<>(event, now - MINUTE));
          }
          device.mutate(random);
          DeviceInform inform = decoder.decode(codec.encode(device.inform(random, now)));
          job.processElement1(new StreamRecord<>(inform, now));
          reference.processElement1(
              new StreamRecord<>(decoder.decode(codec.encode(device.last)), now));
        }
        job.processBothWatermarks(new Watermark(now - MINUTE));
        reference.processBothWatermarks(new Watermark(now - MINUTE));
        jobSeen.collect(job, minute);
        referenceSeen.collect(reference, minute);
      }
      long end = T0 + Duration.ofDays(9).toMillis();
      job.processBothWatermarks(new Watermark(end));
      reference.processBothWatermarks(new Watermark(end));
      jobSeen.collect(job, Integer.MAX_VALUE);
      referenceSeen.collect(reference, Integer.MAX_VALUE);

      assertThat(referenceSeen.alerts).as("the fleet raised alerts").hasSizeGreaterThan(50);
      assertThat(jobSeen.alerts).isEqualTo(referenceSeen.alerts);
      assertThat(jobSeen.signals).isEqualTo(referenceSeen.signals);
      assertThat(job.numKeyedStateEntries()).isZero();
    }
  }

  /**
   * What a harness emitted, each output with the minute of the fleet at which it came out, sorted:
   * the same output at the same step, in whatever order the devices' timers fired within it.
   */
  private static final class Seen {
    private final List<String> alerts = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private int alertsRead;
    private int cohortSignalsRead;
    private int adoptionsRead;

    void collect(
        KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> harness,
        int minute) {
      List<Alert> all = harness.extractOutputValues();
      all.subList(alertsRead, all.size()).forEach(a -> alerts.add(minute + " " + a));
      alertsRead = all.size();
      List<CohortSignal> cohort = values(harness, DeviceDetectionFunction.COHORT_SIGNALS);
      cohort
          .subList(cohortSignalsRead, cohort.size())
          .forEach(
              c ->
                  signals.add(
                      minute + " " + c.kind + " " + c.cohortKey + " " + c.deviceKey + " " + c.at));
      cohortSignalsRead = cohort.size();
      List<Observation> adoptions = values(harness, DeviceDetectionFunction.ADOPTIONS);
      adoptions
          .subList(adoptionsRead, adoptions.size())
          .forEach(o -> signals.add(minute + " adoption " + o.key + " " + o.member + " " + o.at));
      adoptionsRead = adoptions.size();
      alerts.sort(null);
      signals.sort(null);
    }

    private static <T> List<T> values(
        KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> harness,
        OutputTag<T> tag) {
      var records = harness.getSideOutput(tag);
      return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
  }

  /** One simulated device: values that mostly repeat, sometimes change, boots now and then. */
  private static final class Device {
    private final DeviceId id;
    private final int phase;
    private int silentUntil;
    private String dns = "192.0.2.53";
    private String telnet = "false";
    private String acsUrl = "https://acs.isp.example/";
    private String sourceIp;
    private CwmpInform last;

    Device(int n, int phase) {
      this.id =
          DeviceId.newBuilder(SampleRecords.tr181Device())
              .setSerialNumber(String.format("EQ%06d", n))
              .build();
      this.phase = phase;
      this.sourceIp = "198.51.100." + (n + 1);
    }

    void mutate(Random random) {
      int roll = random.nextInt(100);
      if (roll < 4) {
        dns = random.nextBoolean() ? "203.0.113.66" : "192.0.2.53";
      } else if (roll < 7) {
        telnet = telnet.equals("false") ? "true" : "false";
      } else if (roll < 8) {
        acsUrl = "http://198.18.0.9/acs";
      } else if (roll < 10) {
        sourceIp = "203.0.113." + random.nextInt(250);
      }
    }

    CwmpInform inform(Random random, long at) {
      int roll = random.nextInt(100);
      String event = roll < 6 ? "1 BOOT" : roll < 8 ? "0 BOOTSTRAP" : "2 PERIODIC";
      CwmpInform template = SampleRecords.bootInform();
      List<ParameterValue> params = new ArrayList<>(template.getParameters());
      params.removeIf(p -> p.getName().equals(ACS_URL));
      params.add(SampleRecords.param(DNS, dns, "xsd:string"));
      params.add(SampleRecords.param(TELNET, telnet, "xsd:boolean"));
      params.add(SampleRecords.param(ACS_URL, acsUrl, "xsd:string"));
      last =
          CwmpInform.newBuilder(template)
              .setEventId(id.getSerialNumber() + "@" + at)
              .setReceivedAt(Instant.ofEpochMilli(at))
              .setDeviceId(id)
              .setEvents(List.of(InformEvent.newBuilder().setCode(event).build()))
              .setParameters(params)
              .setIngest(
                  IngestContext.newBuilder(template.getIngest()).setSourceIp(sourceIp).build())
              .build();
      return last;
    }

    AcsEvent acsEvent(Random random, long at) {
      boolean auth = random.nextBoolean();
      return AcsEvent.newBuilder()
          .setEventId(id.getSerialNumber() + "-acs@" + at)
          .setOccurredAt(Instant.ofEpochMilli(at))
          .setReceivedAt(Instant.ofEpochMilli(at))
          .setOrigin(AcsEventOrigin.CWMP_PROXY)
          .setIngestNode("test")
          .setDeviceKey(DeviceKeys.of(id))
          .setSourceIp(sourceIp)
          .setKind(auth ? AcsEventKind.AUTH_FAILURE : AcsEventKind.SET_PARAMETER_VALUES)
          .setCommandKey(auth ? "" : "dns-" + at)
          .setParameters(
              auth ? List.of() : List.of(SampleRecords.param(DNS, "203.0.113.66", "xsd:string")))
          .build();
    }
  }
}
