package io.cpesentinel.ingest.xml;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * The only way the ingest opens XML from the network: Woodstox with DTDs and external entities off,
 * eager parsing (errors surface where they happen) and its hard limits set just above the {@link
 * XmlLimits} that {@link XmlCursor} enforces with precise reasons, so the parser itself stops
 * anything the cursor would not see in time.
 *
 * <p>Thread-safe: one instance serves every request.
 */
public final class SafeXmlInputFactory {
  private final WstxInputFactory factory;

  public SafeXmlInputFactory(XmlLimits limits) {
    factory = new WstxInputFactory();
    // Speed first (no location tracking, no coalescing: XmlCursor reads element text whole),
    // then every safety setting on top of it.
    factory.configureForSpeed();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory2.P_LAZY_PARSING, false);
    factory.setProperty(XMLInputFactory2.P_REPORT_PROLOG_WHITESPACE, false);
    factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth() + 1);
    factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxValueChars() * 2 + 1024);
    factory.setProperty(WstxInputProperties.P_MAX_CHARACTERS, (long) limits.maxDocumentChars());
    factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
    factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 4096);
    factory.setProperty(
        WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxParameters() * 8 + 4096);
    factory.setProperty(
        WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, (long) limits.maxParameters() + 1024);
    factory.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
    factory.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
  }

  public XMLStreamReader open(byte[] document) throws RejectedInputException {
    try {
      return factory.createXMLStreamReader(new ByteArrayInputStream(document));
    } catch (XMLStreamException e) {
      throw XmlErrors.classify(e);
    }
  }
}
