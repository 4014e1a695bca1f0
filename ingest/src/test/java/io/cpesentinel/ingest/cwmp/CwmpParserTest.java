package io.cpesentinel.ingest.cwmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.ingest.testing.InformCorpus;
import io.cpesentinel.ingest.testing.Soap;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CwmpParserTest {
  private final CwmpParser parser = new CwmpParser(XmlLimits.defaults());

  static Stream<InformCorpus.Entry> corpus() {
    return InformCorpus.entries().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyCorpusInformParsesAsIndexed(InformCorpus.Entry entry) throws Exception {
    CwmpEnvelope envelope = parser.parse(entry.bytes());

    assertThat(envelope.cwmpNamespace()).isEqualTo(entry.namespace());
    assertThat(envelope.supportedCwmpVersions()).isEqualTo(entry.supportedVersions());
    assertThat(envelope.id()).isNotBlank();
    CwmpMessage.Inform inform = (CwmpMessage.Inform) envelope.message();
    assertThat(inform.deviceId().getOui()).isEqualTo("0012AB");
    assertThat(inform.deviceId().getSerialNumber()).isEqualTo(entry.serial());
    assertThat(inform.deviceId().getProductClass()).isEqualTo(entry.productClass());
    assertThat(inform.events())
        .extracting(e -> e.getCode() + "=" + e.getCommandKey())
        .containsExactlyElementsOf(entry.events());
    assertThat(inform.parameters()).hasSize(entry.parameters());
    assertThat(inform.parameters()).allSatisfy(p -> assertThat(p.getType()).startsWith("xsd:"));
    assertThat(DataModels.of(inform.parameters())).isEqualTo(DataModel.valueOf(entry.dataModel()));
    assertThat(inform.maxEnvelopes()).isEqualTo(1);
    assertThat(inform.currentTime()).startsWith("2026-05-01T10:00:0");
  }

  @Test
  void keepsValuesTypesAndRetryCountAsSent() throws Exception {
    CwmpMessage.Inform inform =
        (CwmpMessage.Inform)
            parser.parse(InformCorpus.entry("tr098-9-request-download.xml").bytes()).message();

    assertThat(inform.retryCount()).isEqualTo(1);
    assertThat(inform.currentTime()).isEqualTo("2026-05-01T10:00:01+02:00");
    assertThat(inform.parameters())
        .contains(
            new ParameterValue(
                "InternetGatewayDevice.DeviceInfo.UpTime", "86410", "xsd:unsignedInt"),
            new ParameterValue(
                "InternetGatewayDevice.Time.LocalTimeZoneName",
                "CET-1CEST,M3.5.0,M10.5.0/3",
                "xsd:string"));
  }

  @Test
  void valueWithoutXsiTypeHasNullType() throws Exception {
    byte[] body =
        Soap.envelope(
            "7",
            "<cwmp:Inform><DeviceId><OUI>0012AB</OUI><SerialNumber>X1</SerialNumber></DeviceId>"
                + "<Event/><ParameterList><ParameterValueStruct><Name>Device.A</Name>"
                + "<Value>a &amp; b</Value></ParameterValueStruct></ParameterList></cwmp:Inform>");

    CwmpMessage.Inform inform = (CwmpMessage.Inform) parser.parse(body).message();

    assertThat(inform.parameters()).containsExactly(new ParameterValue("Device.A", "a & b", null));
    assertThat(inform.deviceId().getProductClass()).isEmpty();
    assertThat(inform.events()).isEmpty();
  }

  @Test
  void readsSetParameterValuesWithItsParameterKey() throws Exception {
    CwmpEnvelope envelope =
        parser.parse(
            Soap.envelope(
                "spv-1",
                "<cwmp:SetParameterValues><ParameterList soap-enc:arrayType=\"cwmp:ParameterValueStruct[2]\">"
                    + "<ParameterValueStruct><Name>Device.DNS.Client.Server.1.DNSServer</Name>"
                    + "<Value xsi:type=\"xsd:string\">192.0.2.53</Value></ParameterValueStruct>"
                    + "<ParameterValueStruct><Name>Device.Users.User.1.Password</Name>"
                    + "<Value xsi:type=\"xsd:string\">s3cret</Value></ParameterValueStruct>"
                    + "</ParameterList><ParameterKey>dns-rollout-3</ParameterKey>"
                    + "</cwmp:SetParameterValues>"));

    CwmpMessage.SetParameterValues spv = (CwmpMessage.SetParameterValues) envelope.message();
    assertThat(envelope.id()).isEqualTo("spv-1");
    assertThat(spv.parameterKey()).isEqualTo("dns-rollout-3");
    assertThat(spv.parameters())
        .extracting(ParameterValue::getName)
        .containsExactly("Device.DNS.Client.Server.1.DNSServer", "Device.Users.User.1.Password");
  }

  @Test
  void readsDownloadWithoutKeepingItsCredentials() throws Exception {
    CwmpMessage.Download download =
        (CwmpMessage.Download)
            parser
                .parse(
                    Soap.envelope(
                        "d1",
                        "<cwmp:Download><CommandKey>fw-7</CommandKey><FileType>1 Firmware Upgrade Image</FileType>"
                            + "<URL>http://u:p@files.example/fw.bin</URL><Username>u</Username>"
                            + "<Password>p</Password><FileSize>1048576</FileSize>"
                            + "<TargetFileName>fw.bin</TargetFileName><DelaySeconds>0</DelaySeconds>"
                            + "<SuccessURL></SuccessURL><FailureURL></FailureURL></cwmp:Download>"))
                .message();

    assertThat(download)
        .isEqualTo(
            new CwmpMessage.Download(
                "Download",
                "fw-7",
                "1 Firmware Upgrade Image",
                "http://u:p@files.example/fw.bin",
                1048576L,
                "fw.bin"));
  }

  @Test
  void readsSoapFaultWithPerParameterFaults() throws Exception {
    CwmpEnvelope envelope =
        parser.parse(
            Soap.envelope(
                "spv-1",
                "<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring>"
                    + "<detail><cwmp:Fault><FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>"
                    + "<SetParameterValuesFault><ParameterName>Device.X.Y</ParameterName>"
                    + "<FaultCode>9005</FaultCode><FaultString>Invalid parameter name</FaultString>"
                    + "</SetParameterValuesFault></cwmp:Fault></detail></soap-env:Fault>"));

    CwmpMessage.Fault fault = (CwmpMessage.Fault) envelope.message();
    assertThat(envelope.cwmpNamespace()).isEqualTo(Soap.CWMP_1_2);
    assertThat(fault.fault().getCode()).isEqualTo(9003);
    assertThat(fault.fault().getParameterFaults())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getParameterName()).isEqualTo("Device.X.Y");
              assertThat(p.getCode()).isEqualTo(9005);
            });
  }

  @Test
  void readsTransferCompleteAndGenericRpcs() throws Exception {
    CwmpMessage.TransferComplete transfer =
        (CwmpMessage.TransferComplete)
            parser
                .parse(
                    Soap.envelope(
                        "t1",
                        "<cwmp:TransferComplete><CommandKey>fw-7</CommandKey><FaultStruct>"
                            + "<FaultCode>9010</FaultCode><FaultString>download failed</FaultString>"
                            + "</FaultStruct><StartTime>2026-05-01T10:00:00Z</StartTime>"
                            + "<CompleteTime>2026-05-01T10:01:00Z</CompleteTime></cwmp:TransferComplete>"))
                .message();
    CwmpMessage.Rpc add =
        (CwmpMessage.Rpc)
            parser
                .parse(
                    Soap.envelope(
                        "a1",
                        "<cwmp:AddObject><ObjectName>Device.Users.User.</ObjectName>"
                            + "<ParameterKey>add-user-1</ParameterKey></cwmp:AddObject>"))
                .message();
    CwmpMessage.Rpc response =
        (CwmpMessage.Rpc)
            parser
                .parse(
                    Soap.envelope(
                        "g1",
                        "<cwmp:GetParameterValuesResponse><ParameterList>"
                            + "<ParameterValueStruct><Name>Device.A</Name><Value>1</Value></ParameterValueStruct>"
                            + "</ParameterList></cwmp:GetParameterValuesResponse>"))
                .message();

    assertThat(transfer.commandKey()).isEqualTo("fw-7");
    assertThat(transfer.fault().getCode()).isEqualTo(9010);
    assertThat(add)
        .isEqualTo(
            new CwmpMessage.Rpc("AddObject", "add-user-1", List.of("Device.Users.User."), null));
    assertThat(response.isResponse()).isTrue();
    assertThat(response.parameterNames()).containsExactly("Device.A");
  }

  @Test
  void eventStructsKeepTheirOrderAndCommandKeys() throws Exception {
    CwmpMessage.Inform inform =
        (CwmpMessage.Inform)
            parser.parse(InformCorpus.entry("tr098-vendor-events.xml").bytes()).message();

    assertThat(inform.events())
        .containsExactly(
            new InformEvent("2 PERIODIC", ""),
            new InformEvent("M X_0012AB_Backup", "bk-1"),
            new InformEvent("X 0012AB ConfigSaved", ""));
  }

  @Test
  void anInformWithoutSerialNumberIsInvalid() {
    byte[] body =
        Soap.envelope("1", "<cwmp:Inform><DeviceId><OUI>0012AB</OUI></DeviceId></cwmp:Inform>");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOf(RejectedInputException.class)
        .hasMessageContaining("SerialNumber");
  }
}
