package io.cpesentinel.ingest.cwmp;

import io.cpesentinel.ingest.http.HttpResponses;
import io.cpesentinel.ingest.http.Rejections;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Errors for CPEs: a SOAP Fault with cwmp:Fault 8003 (invalid arguments) naming the reason for XML
 * and CWMP problems, plain text for transport ones (413, 415, 408).
 */
public final class SoapErrorFormat implements Rejections.ErrorFormat {
  /** CWMP fault code "Invalid arguments" (ACS side). */
  private static final int INVALID_ARGUMENTS = 8003;

  private final SoapResponses soap;

  public SoapErrorFormat(SoapResponses soap) {
    this.soap = soap;
  }

  @Override
  public Rejections.ErrorBody format(RejectedInputException e, String namespace) {
    if (e.reason().httpStatus() == 400) {
      return new Rejections.ErrorBody(
          HttpResponses.SOAP_XML, soap.fault(namespace, null, INVALID_ARGUMENTS, e.describe()));
    }
    return new Rejections.ErrorBody(
        HttpResponses.TEXT, (e.describe() + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
