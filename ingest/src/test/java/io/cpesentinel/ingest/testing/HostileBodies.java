package io.cpesentinel.ingest.testing;

import io.cpesentinel.ingest.xml.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Hostile or broken CWMP bodies and the reason the ingest must give for each, shared by the parser
 * unit test and the HTTP integration test.
 */
public final class HostileBodies {
  private HostileBodies() {}

  /** A named hostile body. */
  public record Case(String name, byte[] body, RejectReason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The limits the cases are built against (small, so the cases stay small). */
  public static io.cpesentinel.ingest.xml.XmlLimits limits() {
    return new io.cpesentinel.ingest.xml.XmlLimits(16, 64, 1024, 1 << 20);
  }

  public static List<Case> all() {
    return List.of(
        new Case(
            "doctype with XXE",
            utf8(
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + new String(Soap.inform("1", "&xxe;", "1 BOOT"), StandardCharsets.UTF_8)
                        .replaceFirst("<\\?xml[^>]*\\?>", "")),
            RejectReason.XML_DOCTYPE),
        new Case("billion laughs", utf8(billionLaughs()), RejectReason.XML_DOCTYPE),
        new Case(
            "external DTD",
            utf8(
                "<!DOCTYPE soap-env:Envelope SYSTEM \"http://198.51.100.1/evil.dtd\">"
                    + "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"/>"),
            RejectReason.XML_DOCTYPE),
        new Case(
            "too deep",
            Soap.envelope(
                "1", "<cwmp:Inform>" + "<x>".repeat(40) + "</x>".repeat(40) + "</cwmp:Inform>"),
            RejectReason.XML_TOO_DEEP),
        new Case(
            "too many parameters", informWithParameters(65, 10), RejectReason.TOO_MANY_PARAMETERS),
        new Case("too long value", informWithParameters(1, 1025), RejectReason.VALUE_TOO_LONG),
        new Case("too many events", informWithEvents(65), RejectReason.TOO_MANY_EVENTS),
        new Case(
            "cwmp-1-3 namespace",
            Soap.envelope("urn:dslforum-org:cwmp-1-3", "1", "<cwmp:Inform/>"),
            RejectReason.CWMP_NAMESPACE_UNSUPPORTED),
        new Case(
            "foreign namespace",
            Soap.envelope("urn:example:not-cwmp", "1", "<cwmp:Inform/>"),
            RejectReason.CWMP_NAMESPACE_UNSUPPORTED),
        new Case("not SOAP", utf8("<html><body>hello</body></html>"), RejectReason.NOT_SOAP),
        new Case(
            "SOAP 1.2 envelope",
            utf8(
                "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>"),
            RejectReason.NOT_SOAP),
        new Case("JSON instead of XML", utf8("{\"inform\": true}"), RejectReason.XML_MALFORMED),
        new Case(
            "mismatched tags",
            utf8(
                "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                    + "<soap-env:Body></soap-env:Envelope>"),
            RejectReason.XML_MALFORMED),
        new Case(
            "undeclared entity",
            Soap.inform("1", "S&bogus;", "1 BOOT"),
            RejectReason.XML_MALFORMED),
        new Case(
            "truncated",
            Arrays.copyOf(InformCorpus.entry("tr181-1-boot-m-reboot.xml").bytes(), 3000),
            RejectReason.TRUNCATED),
        new Case(
            "too many attributes",
            utf8(
                "<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                    + attributes(40)
                    + "><soap-env:Body/></soap-env:Envelope>"),
            RejectReason.XML_LIMIT_EXCEEDED),
        new Case("empty Body", Soap.envelope("1", ""), RejectReason.NOT_SOAP),
        new Case(
            "element inside a value",
            Soap.envelope(
                "1",
                "<cwmp:Inform><DeviceId><OUI>0012AB</OUI><SerialNumber>S<b/></SerialNumber></DeviceId>"
                    + "</cwmp:Inform>"),
            RejectReason.INVALID_MESSAGE));
  }

  private static String billionLaughs() {
    StringBuilder dtd =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
    for (int i = 2; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append(
        "]><soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\">");
    return dtd.append("<soap-env:Body>&lol9;</soap-env:Body></soap-env:Envelope>").toString();
  }

  private static byte[] informWithParameters(int count, int valueLength) {
    StringBuilder params = new StringBuilder();
    for (int i = 0; i < count; i++) {
      params
          .append("<ParameterValueStruct><Name>Device.X.")
          .append(i)
          .append("</Name><Value>")
          .append("v".repeat(valueLength))
          .append("</Value></ParameterValueStruct>");
    }
    return Soap.envelope(
        "1",
        "<cwmp:Inform><DeviceId><OUI>0012AB</OUI><SerialNumber>S1</SerialNumber>"
            + "</DeviceId><ParameterList>"
            + params
            + "</ParameterList></cwmp:Inform>");
  }

  private static byte[] informWithEvents(int count) {
    String events =
        "<EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey/></EventStruct>".repeat(count);
    return Soap.envelope(
        "1",
        "<cwmp:Inform><DeviceId><OUI>0012AB</OUI><SerialNumber>S1</SerialNumber>"
            + "</DeviceId><Event>"
            + events
            + "</Event></cwmp:Inform>");
  }

  private static String attributes(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("a").append(i).append("=\"x\" ");
    }
    return text.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
