package io.cpesentinel.sim.cwmp;

import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import java.nio.charset.StandardCharsets;

/**
 * The SOAP a simulated CPE sends: an Inform (the same {@link CwmpMessage.Inform} the ingest's
 * parser produces, written back as CWMP 1.2 XML) and a TransferComplete. Children of the RPC
 * element are unqualified, as the CWMP schemas require.
 */
public final class CwmpXml {
  public static final String CWMP_1_2 = "urn:dslforum-org:cwmp-1-2";

  private CwmpXml() {}

  public static byte[] inform(String id, CwmpMessage.Inform inform) {
    StringBuilder xml = new StringBuilder(4096);
    open(xml, id);
    xml.append("<cwmp:Inform><DeviceId>");
    DeviceId device = inform.deviceId();
    element(xml, "Manufacturer", device.getManufacturer());
    element(xml, "OUI", device.getOui());
    element(xml, "ProductClass", device.getProductClass());
    element(xml, "SerialNumber", device.getSerialNumber());
    xml.append("</DeviceId><Event soap-enc:arrayType=\"cwmp:EventStruct[")
        .append(inform.events().size())
        .append("]\">");
    for (InformEvent event : inform.events()) {
      xml.append("<EventStruct>");
      element(xml, "EventCode", event.getCode());
      element(xml, "CommandKey", event.getCommandKey());
      xml.append("</EventStruct>");
    }
    xml.append("</Event>");
    element(xml, "MaxEnvelopes", Long.toString(inform.maxEnvelopes()));
    element(xml, "CurrentTime", inform.currentTime());
    element(xml, "RetryCount", Long.toString(inform.retryCount()));
    xml.append("<ParameterList soap-enc:arrayType=\"cwmp:ParameterValueStruct[")
        .append(inform.parameters().size())
        .append("]\">");
    for (ParameterValue parameter : inform.parameters()) {
      xml.append("<ParameterValueStruct>");
      element(xml, "Name", parameter.getName());
      xml.append("<Value xsi:type=\"")
          .append(parameter.getType() == null ? "xsd:string" : parameter.getType())
          .append("\">");
      escape(xml, parameter.getValue());
      xml.append("</Value></ParameterValueStruct>");
    }
    xml.append("</ParameterList></cwmp:Inform>");
    return close(xml);
  }

  /** A successful TransferComplete for the Download with {@code commandKey}. */
  public static byte[] transferComplete(
      String id, String commandKey, String startTime, String completeTime) {
    StringBuilder xml = new StringBuilder(1024);
    open(xml, id);
    xml.append("<cwmp:TransferComplete>");
    element(xml, "CommandKey", commandKey);
    xml.append("<FaultStruct><FaultCode>0</FaultCode><FaultString></FaultString></FaultStruct>");
    element(xml, "StartTime", startTime);
    element(xml, "CompleteTime", completeTime);
    xml.append("</cwmp:TransferComplete>");
    return close(xml);
  }

  private static void open(StringBuilder xml, String id) {
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .append("<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"")
        .append(" xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\"")
        .append(" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"")
        .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xmlns:cwmp=\"")
        .append(CWMP_1_2)
        .append("\"><soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">");
    escape(xml, id);
    xml.append("</cwmp:ID></soap-env:Header><soap-env:Body>");
  }

  private static byte[] close(StringBuilder xml) {
    xml.append("</soap-env:Body></soap-env:Envelope>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void element(StringBuilder xml, String name, String value) {
    xml.append('<').append(name).append('>');
    escape(xml, value);
    xml.append("</").append(name).append('>');
  }

  private static void escape(StringBuilder xml, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '&' -> xml.append("&amp;");
        case '"' -> xml.append("&quot;");
        default -> xml.append(c);
      }
    }
  }
}
