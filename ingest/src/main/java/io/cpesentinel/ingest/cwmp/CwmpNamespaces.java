package io.cpesentinel.ingest.cwmp;

import java.util.Set;

/**
 * The namespaces on the wire. CWMP 1.3 and 1.4 keep the cwmp-1-2 URN and negotiate the version in
 * SOAP headers, so three URNs cover every CWMP version; anything else (including the non-standard
 * cwmp-1-3/-1-4 URNs some devices invent) is refused.
 */
public final class CwmpNamespaces {
  public static final String SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
  public static final String SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding/";
  public static final String XSD = "http://www.w3.org/2001/XMLSchema";
  public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  public static final String CWMP_1_0 = "urn:dslforum-org:cwmp-1-0";
  public static final String CWMP_1_1 = "urn:dslforum-org:cwmp-1-1";
  public static final String CWMP_1_2 = "urn:dslforum-org:cwmp-1-2";

  private static final Set<String> CWMP = Set.of(CWMP_1_0, CWMP_1_1, CWMP_1_2);

  private CwmpNamespaces() {}

  public static boolean isCwmp(String namespace) {
    return CWMP.contains(namespace);
  }
}
