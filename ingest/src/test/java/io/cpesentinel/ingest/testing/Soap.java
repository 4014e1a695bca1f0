package io.cpesentinel.ingest.testing;

import java.nio.charset.StandardCharsets;

/** Small SOAP envelopes for tests of the messages around the Inform. */
public final class Soap {
  public static final String CWMP_1_2 = "urn:dslforum-org:cwmp-1-2";

  private Soap() {}

  /** An envelope with a cwmp:ID header and {@code body} inside soap-env:Body. */
  public static byte[] envelope(String namespace, String id, String body) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:cwmp=\""
            + namespace
            + "\">"
            + "<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">"
            + id
            + "</cwmp:ID>"
            + "</soap-env:Header><soap-env:Body>"
            + body
            + "</soap-env:Body></soap-env:Envelope>")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] envelope(String id, String body) {
    return envelope(CWMP_1_2, id, body);
  }

  /** A small valid Inform of device 0012AB-HGW-{serial}. */
  public static byte[] inform(String id, String serial, String eventCode) {
    return envelope(
        id,
        "<cwmp:Inform><DeviceId><Manufacturer>Acme</Manufacturer><OUI>0012AB</OUI>"
            + "<ProductClass>HGW</ProductClass><SerialNumber>"
            + serial
            + "</SerialNumber></DeviceId>"
            + "<Event soap-enc:arrayType=\"cwmp:EventStruct[1]\"><EventStruct><EventCode>"
            + eventCode
            + "</EventCode><CommandKey></CommandKey></EventStruct></Event>"
            + "<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-05-01T10:00:00Z</CurrentTime>"
            + "<RetryCount>0</RetryCount><ParameterList soap-enc:arrayType=\"cwmp:ParameterValueStruct[2]\">"
            + "<ParameterValueStruct><Name>Device.RootDataModelVersion</Name>"
            + "<Value xsi:type=\"xsd:string\">2.17</Value></ParameterValueStruct>"
            + "<ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name>"
            + "<Value xsi:type=\"xsd:string\">5.4.1</Value></ParameterValueStruct>"
            + "</ParameterList></cwmp:Inform>");
  }
}
