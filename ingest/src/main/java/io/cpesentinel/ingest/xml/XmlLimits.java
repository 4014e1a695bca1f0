package io.cpesentinel.ingest.xml;

/**
 * How much of a CWMP message the parser accepts. The defaults fit the largest real messages (an
 * Inform has tens of parameters; a full GetParameterValuesResponse a few thousand) with room to
 * spare, and keep one hostile message far below what could hurt the server.
 *
 * @param maxDepth deepest element nesting (a SOAP Fault with per-parameter faults needs 7)
 * @param maxParameters most ParameterValueStructs or names in one list
 * @param maxValueChars longest text of one element (a parameter value, a URL, a fault string)
 * @param maxDocumentChars most characters in a whole document (a backstop for the parser)
 */
public record XmlLimits(int maxDepth, int maxParameters, int maxValueChars, int maxDocumentChars) {
  /** CWMP caps the Event array at 64 EventStructs (cwmp-1-2.xsd). */
  public static final int MAX_EVENTS = 64;

  public static XmlLimits defaults() {
    return new XmlLimits(16, 8192, 16384, 8 << 20);
  }
}
