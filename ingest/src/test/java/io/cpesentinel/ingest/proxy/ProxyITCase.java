package io.cpesentinel.ingest.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.testing.CpeClient;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.ingest.testing.Soap;
import io.cpesentinel.ingest.testing.TestRecords;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.ParameterValue;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.DigestAuthentication;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ProxyITCase {
  private static final String DEVICE = DeviceKeys.of("0012AB", "HGW", "S-PX1");
  private final CwmpParser parser = new CwmpParser(XmlLimits.defaults());

  private static String proxyConfig(String upstream) {
    return """
        node: proxy-it
        mode: proxy
        cwmp:
          listen: {host: 127.0.0.1, port: 0}
          proxy: {upstream: "%s", responseTimeout: 10s}
        """
        .formatted(upstream);
  }

  private static CpeClient cpe(RunningIngest ingest, String user) throws Exception {
    CpeClient cpe = new CpeClient(ingest.cwmpUrl());
    cpe.http()
        .getAuthenticationStore()
        .addAuthentication(
            new DigestAuthentication(URI.create(ingest.cwmpUrl()), "acs", user, "pw"));
    return cpe;
  }

  @Test
  void aWholeSessionIsRelayedAndWhatTheAcsSentDownBecomesEvents(StackResources stack)
      throws Exception {
    try (AcsStub acs = new AcsStub();
        RunningIngest ingest = RunningIngest.start(stack, proxyConfig(acs.url()), Map.of());
        CpeClient cpe = cpe(ingest, "cpe")) {
      ContentResponse informed = cpe.post(Soap.inform("inform-1", "S-PX1", "1 BOOT"));
      assertThat(informed.getStatus()).isEqualTo(200);
      assertThat(parser.parse(informed.getContent()).message().method())
          .isEqualTo("InformResponse");
      assertThat(informed.getHeaders().get(HttpHeader.SET_COOKIE))
          .isEqualTo("session=acs-7f3a; Path=/");

      List<String> cpeAnswers =
          List.of(
              "", // empty POST: the CPE's turn ends
              "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>",
              "<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail>"
                  + "<cwmp:Fault><FaultCode>9010</FaultCode><FaultString>Download failure</FaultString>"
                  + "</cwmp:Fault></detail></soap-env:Fault>",
              "<cwmp:AddObjectResponse><InstanceNumber>2</InstanceNumber><Status>0</Status></cwmp:AddObjectResponse>",
              "<cwmp:RebootResponse/>",
              "<cwmp:FactoryResetResponse/>");
      List<String> ids = List.of("", "spv-1", "dl-1", "add-1", "rb-1", "fr-1");
      for (int i = 0; i < cpeAnswers.size(); i++) {
        ContentResponse down =
            i == 0 ? cpe.emptyPost() : cpe.post(Soap.envelope(ids.get(i), cpeAnswers.get(i)));
        if (i < AcsStub.SCRIPT.size()) {
          assertThat(down.getStatus()).isEqualTo(200);
          assertThat(parser.parse(down.getContent()).id()).isEqualTo(AcsStub.SCRIPT_IDS.get(i));
        } else {
          assertThat(down.getStatus()).isEqualTo(204);
        }
      }

      assertThat(acs.received).hasSize(2 + cpeAnswers.size());
      assertThat(acs.received.get(0).authorization()).isNull();
      assertThat(acs.received.get(1).authorization()).contains("username=\"cpe\"");
      assertThat(acs.received.subList(2, acs.received.size()))
          .allSatisfy(r -> assertThat(r.cookie()).isEqualTo("session=acs-7f3a"))
          .allSatisfy(r -> assertThat(r.forwardedFor()).isEqualTo("127.0.0.1"));
      assertThat(acs.received.get(3).body()).contains("<Status>0</Status>");

      CwmpInform inform = ingest.informs(1).get(0);
      assertThat(inform.getIngest().getMode()).isEqualTo(IngestMode.PROXY);
      assertThat(inform.getIngest().getAcsAuth()).isEqualTo(AuthOutcome.SUCCEEDED);

      List<AcsEvent> events = ingest.events(11);
      assertThat(events)
          .extracting(AcsEvent::getKind)
          .containsExactly(
              AcsEventKind.AUTH_SUCCESS,
              AcsEventKind.SET_PARAMETER_VALUES,
              AcsEventKind.RPC_RESPONSE,
              AcsEventKind.DOWNLOAD,
              AcsEventKind.CWMP_FAULT,
              AcsEventKind.ADD_OBJECT,
              AcsEventKind.RPC_RESPONSE,
              AcsEventKind.REBOOT,
              AcsEventKind.RPC_RESPONSE,
              AcsEventKind.FACTORY_RESET,
              AcsEventKind.RPC_RESPONSE);
      assertThat(events)
          .allSatisfy(e -> assertThat(e.getDeviceKey()).isEqualTo(DEVICE))
          .allSatisfy(e -> assertThat(e.getOrigin()).isEqualTo(AcsEventOrigin.CWMP_PROXY))
          .allSatisfy(
              e -> assertThat(e.getAcsInstance()).isEqualTo(URI.create(acs.url()).getAuthority()));
      assertThat(events.get(0).getAuth().getMethod()).isEqualTo(AuthMethod.DIGEST);
      assertThat(events.get(0).getAuth().getUsername()).isEqualTo("cpe");
      AcsEvent spv = events.get(1);
      assertThat(spv.getCommandKey()).isEqualTo("pk-1");
      assertThat(spv.getParameters())
          .extracting(ParameterValue::getValue)
          .containsExactly("192.0.2.53", TestRecords.digest().digest("cr-secret"));
      assertThat(events.get(2).getRpcMethod()).isEqualTo("SetParameterValuesResponse");
      assertThat(events.get(2).getCommandKey()).isEqualTo("pk-1");
      assertThat(events.get(2).getMessage()).isEqualTo("Status=0");
      AcsEvent download = events.get(3);
      assertThat(download.getDownload().getUrl())
          .isEqualTo("https://files.isp.example/hgw-5.5.0.bin");
      assertThat(download.getDownload().getFileType()).isEqualTo("1 Firmware Upgrade Image");
      assertThat(download.getCommandKey()).isEqualTo("fw-9");
      assertThat(download.toString()).doesNotContain("fw:pw");
      AcsEvent fault = events.get(4);
      assertThat(fault.getRpcMethod()).isEqualTo("Download");
      assertThat(fault.getCommandKey()).isEqualTo("fw-9");
      assertThat(fault.getFault().getCode()).isEqualTo(9010);
      assertThat(events.get(5).getCommandKey()).isEqualTo("add-user-1");
      assertThat(events.get(5).getParameters())
          .extracting(ParameterValue::getName)
          .containsExactly("Device.Users.User.");
      assertThat(events.get(7).getCommandKey()).isEqualTo("rb-7");
      assertThat(events.get(8).getCommandKey()).isEqualTo("rb-7");
    }
  }

  @Test
  void refusedCredentialsBecomeAnAuthFailureAndNoInformIsPublished(StackResources stack)
      throws Exception {
    try (AcsStub acs = new AcsStub();
        RunningIngest ingest = RunningIngest.start(stack, proxyConfig(acs.url()), Map.of());
        CpeClient cpe = cpe(ingest, "intruder")) {
      ContentResponse refused = cpe.post(Soap.inform("inform-1", "S-PX1", "0 BOOTSTRAP"));
      ContentResponse accepted;
      try (CpeClient honest = cpe(ingest, "cpe")) {
        accepted = honest.post(Soap.inform("inform-2", "S-PX2", "2 PERIODIC"));
      }

      assertThat(refused.getStatus()).isEqualTo(401);
      assertThat(accepted.getStatus()).isEqualTo(200);
      List<AcsEvent> events = ingest.events(2);
      assertThat(events)
          .filteredOn(e -> e.getKind() == AcsEventKind.AUTH_FAILURE)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getDeviceKey()).isEqualTo(DEVICE);
                assertThat(e.getAuth().getUsername()).isEqualTo("intruder");
                assertThat(e.getAuth().getMethod()).isEqualTo(AuthMethod.DIGEST);
                assertThat(e.getSourceIp()).isEqualTo("127.0.0.1");
              });
      assertThat(ingest.informs(1))
          .extracting(i -> i.getDeviceId().getSerialNumber())
          .containsExactly("S-PX2");
      assertThat(ingest.server().metrics().informs("proxy"))
          .as("only the accepted Inform is published")
          .isEqualTo(1.0);
    }
  }

  @Test
  void anUnreachableAcsIsAServiceUnavailableWithRetryAfter(StackResources stack) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RunningIngest ingest =
            RunningIngest.start(stack, proxyConfig("http://127.0.0.1:" + closedPort), Map.of());
        CpeClient cpe = new CpeClient(ingest.cwmpUrl())) {
      ContentResponse answer = cpe.post(Soap.inform("1", "S-PX3", "2 PERIODIC"));

      assertThat(answer.getStatus()).isEqualTo(503);
      assertThat(answer.getHeaders().get(HttpHeader.RETRY_AFTER)).isEqualTo("30");
      assertThat(ingest.server().metrics().informs("proxy")).isZero();
    }
  }

  @Test
  void informResponseIsRelayedAsTheAcsSentIt(StackResources stack) throws Exception {
    try (AcsStub acs = new AcsStub();
        RunningIngest ingest = RunningIngest.start(stack, proxyConfig(acs.url()), Map.of());
        CpeClient cpe = cpe(ingest, "cpe")) {
      ContentResponse answer = cpe.post(Soap.inform("inform-1", "S-PX4", "1 BOOT"));

      CwmpMessage.Rpc response = (CwmpMessage.Rpc) parser.parse(answer.getContent()).message();
      assertThat(response.method()).isEqualTo("InformResponse");
      assertThat(answer.getContentAsString()).contains("<MaxEnvelopes>1</MaxEnvelopes>");
    }
  }
}
