package io.cpesentinel.ingest.cwmp;

import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.ingest.xml.SafeXmlInputFactory;
import io.cpesentinel.ingest.xml.XmlCursor;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.CwmpFault;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterFault;
import io.cpesentinel.schema.ParameterValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one CWMP SOAP envelope in a single streaming pass, enforcing the {@link XmlLimits}.
 * Children of the RPC element are matched by local name whatever their prefix (the schema makes
 * them unqualified, some CPEs qualify them anyway); the RPC element itself must be in a CWMP
 * namespace.
 *
 * <p>Thread-safe and allocation-light: the Inform path is the hot one (one per CPE session).
 */
public final class CwmpParser {
  private static final int MAX_NAME_CHARS = 1024;

  private final SafeXmlInputFactory factory;
  private final XmlLimits limits;

  public CwmpParser(XmlLimits limits) {
    this.limits = limits;
    this.factory = new SafeXmlInputFactory(limits);
  }

  public XmlLimits limits() {
    return limits;
  }

  /** Parses a non-empty body; an empty POST is the caller's business. */
  public CwmpEnvelope parse(byte[] body) throws RejectedInputException {
    XmlCursor cursor = new XmlCursor(factory.open(body), limits);
    cursor.root();
    if (!CwmpNamespaces.SOAP_ENVELOPE.equals(cursor.namespace())
        || !"Envelope".equals(cursor.localName())) {
      throw new RejectedInputException(
          RejectReason.NOT_SOAP,
          "root element is {"
              + cursor.namespace()
              + "}"
              + cursor.localName()
              + ", expected a SOAP 1.1 Envelope {"
              + CwmpNamespaces.SOAP_ENVELOPE
              + "}");
    }
    Headers headers = new Headers();
    Body body1 = null;
    while (cursor.nextChild(1)) {
      boolean soap = CwmpNamespaces.SOAP_ENVELOPE.equals(cursor.namespace());
      if (soap && "Header".equals(cursor.localName())) {
        readHeaders(cursor, headers);
      } else if (soap && "Body".equals(cursor.localName()) && body1 == null) {
        body1 = readBody(cursor);
      } else {
        cursor.skip();
      }
    }
    cursor.end();
    if (body1 == null) {
      throw new RejectedInputException(RejectReason.NOT_SOAP, "the Envelope has no Body");
    }
    return new CwmpEnvelope(body1.namespace, headers.id, headers.supportedVersions, body1.message);
  }

  private static final class Headers {
    String id;
    String supportedVersions;
  }

  private record Body(String namespace, CwmpMessage message) {}

  private void readHeaders(XmlCursor cursor, Headers headers) throws RejectedInputException {
    int depth = cursor.depth();
    while (cursor.nextChild(depth)) {
      if (!CwmpNamespaces.isCwmp(cursor.namespace())) {
        cursor.skip();
        continue;
      }
      switch (cursor.localName()) {
        case "ID" -> headers.id = cursor.text("cwmp:ID header");
        case "SupportedCWMPVersions" ->
            headers.supportedVersions = cursor.text("cwmp:SupportedCWMPVersions header");
        default -> cursor.skip();
      }
    }
  }

  private Body readBody(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    Body body = null;
    while (cursor.nextChild(depth)) {
      if (body != null) {
        cursor.skip();
        continue;
      }
      String namespace = cursor.namespace();
      String name = cursor.localName();
      if (CwmpNamespaces.SOAP_ENVELOPE.equals(namespace) && "Fault".equals(name)) {
        body = readSoapFault(cursor);
      } else if (CwmpNamespaces.isCwmp(namespace)) {
        body = new Body(namespace, readRpc(cursor, name));
      } else {
        throw new RejectedInputException(
            RejectReason.CWMP_NAMESPACE_UNSUPPORTED,
            "RPC <"
                + name
                + "> is in namespace '"
                + namespace
                + "'; CWMP uses urn:dslforum-org:cwmp-1-0, -1-1 or -1-2");
      }
    }
    if (body == null) {
      throw new RejectedInputException(RejectReason.NOT_SOAP, "the SOAP Body is empty");
    }
    return body;
  }

  private CwmpMessage readRpc(XmlCursor cursor, String method) throws RejectedInputException {
    return switch (method) {
      case "Inform" -> readInform(cursor);
      case "TransferComplete", "AutonomousTransferComplete" -> readTransferComplete(cursor, method);
      case "SetParameterValues" -> readSetParameterValues(cursor);
      case "Download", "ScheduleDownload" -> readDownload(cursor, method);
      default -> readGenericRpc(cursor, method);
    };
  }

  private CwmpMessage.Inform readInform(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    DeviceId deviceId = null;
    List<InformEvent> events = new ArrayList<>(4);
    List<ParameterValue> parameters = new ArrayList<>(48);
    long maxEnvelopes = 1;
    long retryCount = 0;
    String currentTime = null;
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "DeviceId" -> deviceId = readDeviceId(cursor);
        case "Event" -> readEvents(cursor, events);
        case "MaxEnvelopes" -> maxEnvelopes = unsignedInt(cursor, "Inform MaxEnvelopes");
        case "CurrentTime" -> currentTime = cursor.text("Inform CurrentTime");
        case "RetryCount" -> retryCount = unsignedInt(cursor, "Inform RetryCount");
        case "ParameterList" -> readParameterValues(cursor, parameters);
        default -> cursor.skip();
      }
    }
    if (deviceId == null) {
      throw new RejectedInputException(RejectReason.INVALID_MESSAGE, "Inform has no DeviceId");
    }
    return new CwmpMessage.Inform(
        deviceId, events, maxEnvelopes, currentTime, retryCount, parameters);
  }

  private DeviceId readDeviceId(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    String manufacturer = "";
    String oui = "";
    String productClass = "";
    String serial = "";
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "Manufacturer" -> manufacturer = identity(cursor, "DeviceId Manufacturer");
        case "OUI" -> oui = identity(cursor, "DeviceId OUI");
        case "ProductClass" -> productClass = identity(cursor, "DeviceId ProductClass");
        case "SerialNumber" -> serial = identity(cursor, "DeviceId SerialNumber");
        default -> cursor.skip();
      }
    }
    if (oui.isEmpty() || serial.isEmpty()) {
      throw new RejectedInputException(
          RejectReason.INVALID_MESSAGE,
          "Inform DeviceId needs OUI and SerialNumber (got OUI '"
              + oui
              + "', SerialNumber '"
              + serial
              + "')");
    }
    return new DeviceId(manufacturer, oui, productClass, serial);
  }

  /** DeviceId fields are string(64); surrounding whitespace from pretty-printing is dropped. */
  private static String identity(XmlCursor cursor, String what) throws RejectedInputException {
    String value = cursor.text(what).strip();
    if (value.length() > 64) {
      throw new RejectedInputException(
          RejectReason.VALUE_TOO_LONG, what + " is " + value.length() + " characters; at most 64");
    }
    return value;
  }

  private void readEvents(XmlCursor cursor, List<InformEvent> events)
      throws RejectedInputException {
    int depth = cursor.depth();
    while (cursor.nextChild(depth)) {
      if (!"EventStruct".equals(cursor.localName())) {
        cursor.skip();
        continue;
      }
      if (events.size() == XmlLimits.MAX_EVENTS) {
        throw new RejectedInputException(
            RejectReason.TOO_MANY_EVENTS,
            "Inform has more than " + XmlLimits.MAX_EVENTS + " EventStructs");
      }
      int structDepth = cursor.depth();
      String code = null;
      String commandKey = "";
      while (cursor.nextChild(structDepth)) {
        switch (cursor.localName()) {
          case "EventCode" -> code = cursor.text("EventCode").strip();
          case "CommandKey" -> commandKey = cursor.text("CommandKey");
          default -> cursor.skip();
        }
      }
      if (code == null || code.isEmpty()) {
        throw new RejectedInputException(
            RejectReason.INVALID_MESSAGE, "an EventStruct has no EventCode");
      }
      events.add(new InformEvent(code, commandKey));
    }
  }

  private void readParameterValues(XmlCursor cursor, List<ParameterValue> parameters)
      throws RejectedInputException {
    int depth = cursor.depth();
    while (cursor.nextChild(depth)) {
      if (!"ParameterValueStruct".equals(cursor.localName())) {
        cursor.skip();
        continue;
      }
      checkParameterCount(parameters.size());
      int structDepth = cursor.depth();
      String name = null;
      String value = "";
      String type = null;
      while (cursor.nextChild(structDepth)) {
        switch (cursor.localName()) {
          case "Name" -> name = parameterName(cursor);
          case "Value" -> {
            type = cursor.attribute(CwmpNamespaces.XSI, "type");
            value = cursor.text("value of " + (name == null ? "a parameter" : name));
          }
          default -> cursor.skip();
        }
      }
      if (name == null || name.isEmpty()) {
        throw new RejectedInputException(
            RejectReason.INVALID_MESSAGE, "a ParameterValueStruct has no Name");
      }
      parameters.add(new ParameterValue(name, value, type));
    }
  }

  private void readParameterNames(XmlCursor cursor, List<String> names)
      throws RejectedInputException {
    int depth = cursor.depth();
    while (cursor.nextChild(depth)) {
      checkParameterCount(names.size());
      switch (cursor.localName()) {
        case "string" -> names.add(parameterName(cursor));
        case "ParameterValueStruct",
            "ParameterAttributeStruct",
            "ParameterInfoStruct",
            "SetParameterAttributesStruct" ->
            names.add(structName(cursor));
        default -> cursor.skip();
      }
    }
  }

  private String structName(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    String name = "";
    while (cursor.nextChild(depth)) {
      if ("Name".equals(cursor.localName())) {
        name = parameterName(cursor);
      } else {
        cursor.skip();
      }
    }
    return name;
  }

  private void checkParameterCount(int count) throws RejectedInputException {
    if (count == limits.maxParameters()) {
      throw new RejectedInputException(
          RejectReason.TOO_MANY_PARAMETERS,
          "more than " + limits.maxParameters() + " parameters in one list");
    }
  }

  private static String parameterName(XmlCursor cursor) throws RejectedInputException {
    String name = cursor.text("parameter Name").strip();
    if (name.length() > MAX_NAME_CHARS) {
      throw new RejectedInputException(
          RejectReason.VALUE_TOO_LONG,
          "a parameter Name is " + name.length() + " characters; at most " + MAX_NAME_CHARS);
    }
    return name;
  }

  private CwmpMessage readTransferComplete(XmlCursor cursor, String method)
      throws RejectedInputException {
    int depth = cursor.depth();
    String commandKey = null;
    CwmpFault fault = null;
    String start = null;
    String complete = null;
    String fileType = null;
    String url = null;
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "CommandKey" -> commandKey = cursor.text("CommandKey");
        case "FaultStruct" -> fault = readFaultStruct(cursor);
        case "StartTime" -> start = cursor.text("StartTime");
        case "CompleteTime" -> complete = cursor.text("CompleteTime");
        case "FileType" -> fileType = cursor.text("FileType");
        case "TransferURL" -> url = cursor.text("TransferURL");
        default -> cursor.skip();
      }
    }
    return new CwmpMessage.TransferComplete(
        method, commandKey, fault, start, complete, fileType, url);
  }

  private CwmpFault readFaultStruct(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    int code = 0;
    String message = "";
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "FaultCode" -> code = faultCode(cursor);
        case "FaultString" -> message = cursor.text("FaultString");
        default -> cursor.skip();
      }
    }
    return new CwmpFault(code, message, List.of());
  }

  private CwmpMessage readSetParameterValues(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    List<ParameterValue> parameters = new ArrayList<>();
    String parameterKey = null;
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "ParameterList" -> readParameterValues(cursor, parameters);
        case "ParameterKey" -> parameterKey = cursor.text("ParameterKey");
        default -> cursor.skip();
      }
    }
    return new CwmpMessage.SetParameterValues(parameters, parameterKey);
  }

  private CwmpMessage readDownload(XmlCursor cursor, String method) throws RejectedInputException {
    int depth = cursor.depth();
    String commandKey = null;
    String fileType = "";
    String url = "";
    Long fileSize = null;
    String target = null;
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "CommandKey" -> commandKey = cursor.text("CommandKey");
        case "FileType" -> fileType = cursor.text("FileType");
        case "URL" -> url = cursor.text("URL");
        case "FileSize" -> fileSize = unsignedInt(cursor, method + " FileSize");
        case "TargetFileName" -> target = cursor.text("TargetFileName");
        default -> cursor.skip(); // Username and Password are never kept
      }
    }
    return new CwmpMessage.Download(method, commandKey, fileType, url, fileSize, target);
  }

  private CwmpMessage readGenericRpc(XmlCursor cursor, String method)
      throws RejectedInputException {
    int depth = cursor.depth();
    String key = null;
    String status = null;
    List<String> names = new ArrayList<>();
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "CommandKey", "ParameterKey" -> key = cursor.text(cursor.localName());
        case "Status" -> status = cursor.text("Status");
        case "ObjectName", "ParameterPath" -> names.add(parameterName(cursor));
        case "ParameterNames", "ParameterList" -> readParameterNames(cursor, names);
        default -> cursor.skip();
      }
    }
    return new CwmpMessage.Rpc(method, key, names, status);
  }

  private Body readSoapFault(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    String soapFaultString = "";
    CwmpFault fault = null;
    String namespace = null;
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "faultstring" -> soapFaultString = cursor.text("faultstring");
        case "detail" -> {
          int detailDepth = cursor.depth();
          while (cursor.nextChild(detailDepth)) {
            if ("Fault".equals(cursor.localName()) && CwmpNamespaces.isCwmp(cursor.namespace())) {
              namespace = cursor.namespace();
              fault = readCwmpFault(cursor);
            } else {
              cursor.skip();
            }
          }
        }
        default -> cursor.skip();
      }
    }
    if (fault == null) {
      fault = new CwmpFault(0, soapFaultString, List.of());
    }
    return new Body(namespace, new CwmpMessage.Fault(fault));
  }

  private CwmpFault readCwmpFault(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    int code = 0;
    String message = "";
    List<ParameterFault> parameterFaults = new ArrayList<>();
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "FaultCode" -> code = faultCode(cursor);
        case "FaultString" -> message = cursor.text("FaultString");
        case "SetParameterValuesFault" -> {
          checkParameterCount(parameterFaults.size());
          parameterFaults.add(readParameterFault(cursor));
        }
        default -> cursor.skip();
      }
    }
    return new CwmpFault(code, message, parameterFaults);
  }

  private ParameterFault readParameterFault(XmlCursor cursor) throws RejectedInputException {
    int depth = cursor.depth();
    String name = "";
    int code = 0;
    String message = "";
    while (cursor.nextChild(depth)) {
      switch (cursor.localName()) {
        case "ParameterName" -> name = parameterName(cursor);
        case "FaultCode" -> code = faultCode(cursor);
        case "FaultString" -> message = cursor.text("FaultString");
        default -> cursor.skip();
      }
    }
    return new ParameterFault(name, code, message);
  }

  private static int faultCode(XmlCursor cursor) throws RejectedInputException {
    long code = unsignedInt(cursor, "FaultCode");
    if (code > 99_999) {
      throw new RejectedInputException(
          RejectReason.INVALID_MESSAGE, "FaultCode " + code + " is not a CWMP fault code");
    }
    return (int) code;
  }

  private static long unsignedInt(XmlCursor cursor, String what) throws RejectedInputException {
    String text = cursor.text(what).strip();
    try {
      long value = Long.parseLong(text);
      if (value < 0 || value > 0xFFFF_FFFFL) {
        throw new NumberFormatException("out of range");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new RejectedInputException(
          RejectReason.INVALID_MESSAGE, what + " '" + abbreviate(text) + "' is not an unsignedInt");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
