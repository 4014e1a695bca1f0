package io.cpesentinel.ingest.xml;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A forward-only walk over one document that enforces the {@link XmlLimits} with precise reasons:
 * every element the parser meets passes through here, so depth is checked on each of them and every
 * text read is bounded. A DOCTYPE anywhere stops the walk with {@link RejectReason#XML_DOCTYPE}.
 *
 * <p>Usage: position on an element, then {@code while (cursor.nextChild(depth)) {...}} where {@code
 * depth} is {@link #depth()} of that element; each child is consumed with {@link #text(String)},
 * {@link #skip()}, or a nested loop.
 */
public final class XmlCursor {
  private final XMLStreamReader reader;
  private final XmlLimits limits;
  private int depth;

  public XmlCursor(XMLStreamReader reader, XmlLimits limits) {
    this.reader = reader;
    this.limits = limits;
  }

  /** Moves to the root element. */
  public void root() throws RejectedInputException {
    try {
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
          throw doctype();
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth = 1;
          return;
        }
      }
    } catch (XMLStreamException e) {
      throw XmlErrors.classify(e);
    }
    throw new RejectedInputException(RejectReason.NOT_SOAP, "the document has no element");
  }

  /** Depth of the current element (the root is 1). */
  public int depth() {
    return depth;
  }

  public String localName() {
    return reader.getLocalName();
  }

  public String namespace() {
    String ns = reader.getNamespaceURI();
    return ns == null ? "" : ns;
  }

  /** An attribute of the current element, or null. */
  public String attribute(String namespace, String localName) {
    return reader.getAttributeValue(namespace, localName);
  }

  /**
   * Advances to the next child element of the element at {@code parentDepth}; false when that
   * element ends.
   */
  public boolean nextChild(int parentDepth) throws RejectedInputException {
    try {
      while (true) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT:
            enter();
            if (depth == parentDepth + 1) {
              return true;
            }
            // A deeper element means the caller left a child unread: skip it.
            skipCurrent();
            break;
          case XMLStreamConstants.END_ELEMENT:
            depth--;
            if (depth < parentDepth) {
              return false;
            }
            break;
          case XMLStreamConstants.DTD:
            throw doctype();
          case XMLStreamConstants.END_DOCUMENT:
            throw new RejectedInputException(
                RejectReason.TRUNCATED, "document ends inside an element");
          default:
            break;
        }
      }
    } catch (XMLStreamException e) {
      throw XmlErrors.classify(e);
    }
  }

  /** The text of the current element (which must hold text only), bounded by the limits. */
  public String text(String what) throws RejectedInputException {
    String text;
    try {
      text = reader.getElementText();
    } catch (XMLStreamException e) {
      if (e.getMessage() != null && e.getMessage().contains("START_ELEMENT")) {
        throw new RejectedInputException(
            RejectReason.INVALID_MESSAGE, what + " must hold text, not elements", e);
      }
      throw XmlErrors.classify(e);
    }
    depth--;
    if (text.length() > limits.maxValueChars()) {
      throw new RejectedInputException(
          RejectReason.VALUE_TOO_LONG,
          what + " is " + text.length() + " characters; at most " + limits.maxValueChars());
    }
    return text;
  }

  /** Skips the current element and everything in it. */
  public void skip() throws RejectedInputException {
    try {
      skipCurrent();
    } catch (XMLStreamException e) {
      throw XmlErrors.classify(e);
    }
  }

  /** Reads what follows the root element: nothing but whitespace, comments or PIs may. */
  public void end() throws RejectedInputException {
    try {
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          throw new RejectedInputException(
              RejectReason.XML_MALFORMED, "content after the root element");
        }
      }
      reader.close();
    } catch (XMLStreamException e) {
      throw XmlErrors.classify(e);
    }
  }

  private void skipCurrent() throws XMLStreamException, RejectedInputException {
    int target = depth - 1;
    while (depth > target) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        enter();
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (event == XMLStreamConstants.DTD) {
        throw doctype();
      }
    }
  }

  private void enter() throws RejectedInputException {
    depth++;
    if (depth > limits.maxDepth()) {
      throw new RejectedInputException(
          RejectReason.XML_TOO_DEEP,
          "elements nest "
              + depth
              + " deep at <"
              + reader.getLocalName()
              + ">; at most "
              + limits.maxDepth());
    }
  }

  private static RejectedInputException doctype() {
    return new RejectedInputException(
        RejectReason.XML_DOCTYPE, "a DOCTYPE declaration is not allowed in SOAP messages");
  }
}
