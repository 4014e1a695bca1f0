package io.cpesentinel.ingest.cwmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.ingest.xml.XmlLimits;
import org.junit.jupiter.api.Test;

class SoapResponsesTest {
  private final SoapResponses soap = new SoapResponses();
  private final CwmpParser parser = new CwmpParser(XmlLimits.defaults());

  @Test
  void informResponseEchoesTheIdInTheCpesNamespace() throws Exception {
    byte[] response = soap.informResponse(CwmpNamespaces.CWMP_1_0, "id<&>\"7");

    CwmpEnvelope parsed = parser.parse(response);
    assertThat(parsed.id()).isEqualTo("id<&>\"7");
    assertThat(parsed.cwmpNamespace()).isEqualTo(CwmpNamespaces.CWMP_1_0);
    assertThat(parsed.message())
        .isEqualTo(new CwmpMessage.Rpc("InformResponse", null, java.util.List.of(), null));
    assertThat(SoapResponses.asText(response)).contains("<MaxEnvelopes>1</MaxEnvelopes>");
  }

  @Test
  void faultCarriesTheCwmpFaultCodeAndMessage() throws Exception {
    CwmpEnvelope parsed =
        parser.parse(soap.fault(CwmpNamespaces.CWMP_1_2, "9", 8000, "method X is not supported"));

    CwmpMessage.Fault fault = (CwmpMessage.Fault) parsed.message();
    assertThat(fault.fault().getCode()).isEqualTo(8000);
    assertThat(fault.fault().getMessage()).isEqualTo("method X is not supported");
    assertThat(parsed.id()).isEqualTo("9");
  }

  @Test
  void getRpcMethodsResponseListsWhatTheReceiverAnswers() {
    String text = SoapResponses.asText(soap.getRpcMethodsResponse(CwmpNamespaces.CWMP_1_1, "3"));

    assertThat(text)
        .contains("xsd:string[4]", "<string>Inform</string>", "<string>TransferComplete</string>");
  }
}
