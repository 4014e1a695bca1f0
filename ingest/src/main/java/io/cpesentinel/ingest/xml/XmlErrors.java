package io.cpesentinel.ingest.xml;

import com.ctc.wstx.exc.WstxEOFException;
import java.util.Locale;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/** Turns a parser exception into the reason an operator counts, with the parser's own message. */
final class XmlErrors {
  private XmlErrors() {}

  static RejectedInputException classify(XMLStreamException e) {
    String message = firstLine(e.getMessage());
    if (e instanceof WstxEOFException) {
      return new RejectedInputException(
          RejectReason.TRUNCATED, "document ends before it is complete: " + message, e);
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("limit") && lower.contains("exceeded")) {
      RejectReason reason =
          lower.contains("depth") ? RejectReason.XML_TOO_DEEP : RejectReason.XML_LIMIT_EXCEEDED;
      return new RejectedInputException(reason, "parser limit hit: " + message, e);
    }
    return new RejectedInputException(
        RejectReason.XML_MALFORMED, "not well-formed XML: " + message + at(e.getLocation()), e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no detail)";
    }
    String text = message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).strip();
  }

  private static String at(Location location) {
    if (location == null || location.getLineNumber() < 0) {
      return "";
    }
    return " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
  }
}
