package io.cpesentinel.ingest.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.testing.CpeClient;
import io.cpesentinel.ingest.testing.InformCorpus;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.ingest.testing.Soap;
import io.cpesentinel.ingest.testing.TestRecords;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.Topic;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.DigestAuthentication;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ReceiverITCase {
  private static final String RECEIVER =
      """
      node: receiver-it
      mode: receiver
      cwmp:
        listen: {host: 127.0.0.1, port: 0}
      """;

  private final CwmpParser parser = new CwmpParser(XmlLimits.defaults());

  @Test
  void everyCorpusInformIsAnsweredAfterKafkaHasIt(StackResources stack) throws Exception {
    List<InformCorpus.Entry> corpus = InformCorpus.entries();
    try (RunningIngest ingest = RunningIngest.start(stack, RECEIVER, Map.of());
        CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
      for (int i = 0; i < corpus.size(); i++) {
        InformCorpus.Entry entry = corpus.get(i);
        CwmpEnvelope sent = parser.parse(entry.bytes());
        ContentResponse answer =
            i % 2 == 0 ? cpe.post(entry.bytes()) : cpe.postChunked(entry.bytes());

        assertThat(answer.getStatus()).as(entry.file()).isEqualTo(200);
        CwmpEnvelope response = parser.parse(answer.getContent());
        assertThat(response.id()).isEqualTo(sent.id());
        assertThat(response.cwmpNamespace()).isEqualTo(entry.namespace());
        assertThat(response.message().method()).isEqualTo("InformResponse");
        assertThat(answer.getHeaders().get(HttpHeader.SET_COOKIE)).startsWith("cwmp_sid=");
        assertThat(cpe.emptyPost().getStatus()).isEqualTo(204);
      }

      List<ConsumerRecord<byte[], byte[]>> records = ingest.read(Topic.CPE_INFORM, corpus.size());
      assertThat(records).hasSize(corpus.size());
      List<CwmpInform> informs = ingest.informs(corpus.size());
      Map<String, CwmpInform> bySerial =
          informs.stream()
              .collect(Collectors.toMap(r -> r.getDeviceId().getSerialNumber(), r -> r));
      for (ConsumerRecord<byte[], byte[]> record : records) {
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
            .startsWith("0012AB-")
            .doesNotContain(" ");
      }
      for (InformCorpus.Entry entry : corpus) {
        CwmpInform inform = bySerial.get(entry.serial());
        assertThat(inform).as(entry.file()).isNotNull();
        assertThat(inform.getEvents())
            .extracting(e -> e.getCode() + "=" + e.getCommandKey())
            .containsExactlyElementsOf(entry.events());
        assertThat(inform.getParameters()).hasSize(entry.parameters());
        assertThat(inform.getDataModel()).isEqualTo(DataModel.valueOf(entry.dataModel()));
        assertThat(inform.getCwmpNamespace()).isEqualTo(entry.namespace());
        assertThat(inform.getSupportedCwmpVersions()).isEqualTo(entry.supportedVersions());
        assertThat(inform.getIngest().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(inform.getIngest().getTls()).isFalse();
        assertThat(inform.getIngest().getMode()).isEqualTo(IngestMode.RECEIVER);
        assertThat(inform.getIngest().getAcsAuth()).isEqualTo(AuthOutcome.NOT_REQUIRED);
        assertThat(inform.getIngest().getNode()).isEqualTo("receiver-it");
      }
      Set<String> ids = informs.stream().map(CwmpInform::getEventId).collect(Collectors.toSet());
      assertThat(ids).hasSize(corpus.size());
      CwmpInform changed = bySerial.get(InformCorpus.entry("tr181-4-value-change.xml").serial());
      assertThat(changed.getParameters())
          .filteredOn(p -> p.getName().equals("Device.WiFi.AccessPoint.1.Security.KeyPassphrase"))
          .extracting(ParameterValue::getValue)
          .contains(TestRecords.digest().digest("correct horse battery"));
      assertThat(changed.toString()).doesNotContain("correct horse battery");
    }
  }

  @Test
  void aSessionWithTransferCompleteAndGetRpcMethods(StackResources stack) throws Exception {
    try (RunningIngest ingest = RunningIngest.start(stack, RECEIVER, Map.of());
        CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
      InformCorpus.Entry entry = InformCorpus.entry("tr098-7-transfer-complete-m-download.xml");
      assertThat(cpe.post(entry.bytes()).getStatus()).isEqualTo(200);

      ContentResponse transfer =
          cpe.post(
              Soap.envelope(
                  "urn:dslforum-org:cwmp-1-1",
                  "tc-1",
                  "<cwmp:TransferComplete><CommandKey>fw-2024-11</CommandKey><FaultStruct>"
                      + "<FaultCode>0</FaultCode><FaultString></FaultString></FaultStruct>"
                      + "<StartTime>2026-05-01T09:58:00Z</StartTime>"
                      + "<CompleteTime>2026-05-01T09:59:00Z</CompleteTime></cwmp:TransferComplete>"));
      ContentResponse methods =
          cpe.post(Soap.envelope("urn:dslforum-org:cwmp-1-1", "g-1", "<cwmp:GetRPCMethods/>"));
      ContentResponse unsupported =
          cpe.post(Soap.envelope("urn:dslforum-org:cwmp-1-1", "k-1", "<cwmp:Kicked/>"));
      ContentResponse end = cpe.emptyPost();

      assertThat(transfer.getStatus()).isEqualTo(200);
      CwmpEnvelope transferAnswer = parser.parse(transfer.getContent());
      assertThat(transferAnswer.message().method()).isEqualTo("TransferCompleteResponse");
      assertThat(transferAnswer.id()).isEqualTo("tc-1");
      assertThat(parser.parse(methods.getContent()).message().method())
          .isEqualTo("GetRPCMethodsResponse");
      CwmpMessage.Fault fault =
          (CwmpMessage.Fault) parser.parse(unsupported.getContent()).message();
      assertThat(fault.fault().getCode()).isEqualTo(8000);
      assertThat(end.getStatus()).isEqualTo(204);

      AcsEvent event = ingest.events(1).get(0);
      assertThat(event.getKind()).isEqualTo(AcsEventKind.TRANSFER_COMPLETE);
      assertThat(event.getCommandKey()).isEqualTo("fw-2024-11");
      assertThat(event.getDeviceKey())
          .isEqualTo(DeviceKeys.of("0012AB", "HGW-3000", entry.serial()));
      assertThat(event.getFault()).isNull();
    }
  }

  @Test
  void aSessionMustStartWithAnInform(StackResources stack) throws Exception {
    try (RunningIngest ingest = RunningIngest.start(stack, RECEIVER, Map.of());
        CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
      ContentResponse answer =
          cpe.post(
              Soap.envelope(
                  "t",
                  "<cwmp:TransferComplete><CommandKey>x</CommandKey></cwmp:TransferComplete>"));

      assertThat(answer.getStatus()).isEqualTo(400);
      assertThat(answer.getContentAsString()).contains("NOT_AN_INFORM");
      assertThat(
              ingest
                  .server()
                  .metrics()
                  .rejects(io.cpesentinel.ingest.xml.RejectReason.NOT_AN_INFORM))
          .isEqualTo(1.0);
    }
  }

  @Test
  void digestAuthenticationOncePerSessionAndFailuresBecomeEvents(StackResources stack)
      throws Exception {
    String config =
        RECEIVER
            + """
              auth:
                method: digest
                realm: cpe-sentinel
                users: {env: TEST_CWMP_USERS}
            """;
    Map<String, String> env = Map.of("TEST_CWMP_USERS", "cpe-S1: good-password\n");
    try (RunningIngest ingest = RunningIngest.start(stack, config, env);
        CpeClient good = new CpeClient(ingest.cwmpUrl());
        CpeClient bad = new CpeClient(ingest.cwmpUrl())) {
      URI uri = URI.create(ingest.cwmpUrl());
      good.http()
          .getAuthenticationStore()
          .addAuthentication(
              new DigestAuthentication(uri, "cpe-sentinel", "cpe-S1", "good-password"));
      bad.http()
          .getAuthenticationStore()
          .addAuthentication(new DigestAuthentication(uri, "cpe-sentinel", "cpe-S1", "guess"));

      ContentResponse accepted = good.post(Soap.inform("1", "S1", "1 BOOT"));
      ContentResponse refused = bad.post(Soap.inform("1", "S2", "1 BOOT"));

      assertThat(accepted.getStatus()).isEqualTo(200);
      assertThat(refused.getStatus()).isEqualTo(401);
      CwmpInform inform = ingest.informs(1).get(0);
      assertThat(inform.getIngest().getAcsAuth()).isEqualTo(AuthOutcome.SUCCEEDED);
      assertThat(inform.getDeviceId().getSerialNumber()).isEqualTo("S1");
      List<AcsEvent> events = ingest.events(2);
      Set<AcsEventKind> kinds = new HashSet<>();
      for (AcsEvent event : events) {
        kinds.add(event.getKind());
        assertThat(event.getAuth().getMethod()).isEqualTo(AuthMethod.DIGEST);
        assertThat(event.getAuth().getUsername()).isEqualTo("cpe-S1");
      }
      assertThat(kinds)
          .containsExactlyInAnyOrder(AcsEventKind.AUTH_SUCCESS, AcsEventKind.AUTH_FAILURE);
      assertThat(events)
          .filteredOn(e -> e.getKind() == AcsEventKind.AUTH_FAILURE)
          .singleElement()
          .satisfies(e -> assertThat(e.getSourceIp()).isEqualTo("127.0.0.1"));
    }
  }
}
