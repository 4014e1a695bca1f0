package io.cpesentinel.ingest.cwmp;

import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The SOAP envelopes the ingest sends as an ACS: InformResponse, the answers to the CPE's own RPCs,
 * and faults. Written with a StAX writer, so a cwmp:ID or a fault string from the peer is always
 * escaped. The answer uses the namespace the CPE used.
 */
public final class SoapResponses {
  /** The CPE RPCs a receiver answers (GetRPCMethodsResponse lists them). */
  public static final List<String> ACS_METHODS =
      List.of("Inform", "GetRPCMethods", "TransferComplete", "AutonomousTransferComplete");

  private final WstxOutputFactory factory = new WstxOutputFactory();

  public byte[] informResponse(String namespace, String id) {
    return envelope(
        namespace,
        id,
        w -> {
          w.writeStartElement("cwmp", "InformResponse", namespace);
          textElement(w, "MaxEnvelopes", "1");
          w.writeEndElement();
        });
  }

  /** TransferCompleteResponse, AutonomousTransferCompleteResponse: empty responses. */
  public byte[] emptyResponse(String namespace, String id, String method) {
    return envelope(
        namespace,
        id,
        w -> {
          w.writeStartElement("cwmp", method + "Response", namespace);
          w.writeEndElement();
        });
  }

  public byte[] getRpcMethodsResponse(String namespace, String id) {
    return envelope(
        namespace,
        id,
        w -> {
          w.writeStartElement("cwmp", "GetRPCMethodsResponse", namespace);
          w.writeStartElement("MethodList");
          w.writeAttribute(
              "soap-enc",
              CwmpNamespaces.SOAP_ENCODING,
              "arrayType",
              "xsd:string[" + ACS_METHODS.size() + "]");
          for (String method : ACS_METHODS) {
            textElement(w, "string", method);
          }
          w.writeEndElement();
          w.writeEndElement();
        });
  }

  /**
   * A SOAP Fault with cwmp:Fault detail, e.g. 8000 (method not supported) or 8003 (invalid
   * arguments). {@code faultcode} is Client: the request was at fault.
   */
  public byte[] fault(String namespace, String id, int cwmpCode, String message) {
    String ns = namespace == null ? CwmpNamespaces.CWMP_1_0 : namespace;
    return envelope(
        ns,
        id,
        w -> {
          w.writeStartElement("soap-env", "Fault", CwmpNamespaces.SOAP_ENVELOPE);
          textElement(w, "faultcode", "Client");
          textElement(w, "faultstring", "CWMP fault");
          w.writeStartElement("detail");
          w.writeStartElement("cwmp", "Fault", ns);
          textElement(w, "FaultCode", String.valueOf(cwmpCode));
          textElement(w, "FaultString", message);
          w.writeEndElement();
          w.writeEndElement();
          w.writeEndElement();
        });
  }

  private interface BodyWriter {
    void write(XMLStreamWriter writer) throws XMLStreamException;
  }

  private byte[] envelope(String namespace, String id, BodyWriter body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try {
      XMLStreamWriter w = factory.createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.setPrefix("soap-env", CwmpNamespaces.SOAP_ENVELOPE);
      w.setPrefix("soap-enc", CwmpNamespaces.SOAP_ENCODING);
      w.setPrefix("xsd", CwmpNamespaces.XSD);
      w.setPrefix("cwmp", namespace);
      w.writeStartElement("soap-env", "Envelope", CwmpNamespaces.SOAP_ENVELOPE);
      w.writeNamespace("soap-env", CwmpNamespaces.SOAP_ENVELOPE);
      w.writeNamespace("soap-enc", CwmpNamespaces.SOAP_ENCODING);
      w.writeNamespace("xsd", CwmpNamespaces.XSD);
      w.writeNamespace("cwmp", namespace);
      w.writeStartElement("soap-env", "Header", CwmpNamespaces.SOAP_ENVELOPE);
      if (id != null) {
        w.writeStartElement("cwmp", "ID", namespace);
        w.writeAttribute("soap-env", CwmpNamespaces.SOAP_ENVELOPE, "mustUnderstand", "1");
        w.writeCharacters(id);
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeStartElement("soap-env", "Body", CwmpNamespaces.SOAP_ENVELOPE);
      body.write(w);
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      // Writing into memory with names we chose: only reachable through a bug here.
      throw new IllegalStateException("cannot write a SOAP envelope", e);
    }
    return out.toByteArray();
  }

  private static void textElement(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  /** For log lines and tests: the body as text. */
  public static String asText(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
