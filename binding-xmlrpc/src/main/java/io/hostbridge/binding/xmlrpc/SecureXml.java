package io.hostbridge.binding.xmlrpc;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * XML readers for untrusted request bodies. An XML-RPC request never needs a DTD, so any DOCTYPE is refused
 * outright: no external entities (XXE), no entity expansion (billion laughs), nothing fetched. Element depth
 * is capped too, because the library parses nested values recursively.
 */
final class SecureXml {
    /** Deepest element nesting accepted: far beyond any real call (a VM definition nests about ten deep). */
    static final int MAX_ELEMENT_DEPTH = 256;
    private static final String MAX_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    /** Errors end the parse and become the fault; the JDK's default handler would also print them to stderr. */
    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private final SAXParserFactory factory;
    /**
     * Creating a parser costs more than parsing a small call (it showed in the XML-RPC benchmark), so each
     * worker thread keeps one; a parse that failed may leave it in any state, so it is then dropped.
     */
    private final ThreadLocal<XMLReader> readers = ThreadLocal.withInitial(this::newReader);

    SecureXml() {
        // the JDK's own parser, whatever else is on the class path: these features are known to work on it
        factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the XML parser cannot be hardened; refusing to serve XML-RPC", e);
        }
    }

    /** This thread's reader (readers are not thread-safe); call {@link #discard} when a parse with it failed. */
    XMLReader reader() {
        return readers.get();
    }

    /** Drops this thread's reader, e.g. after a failed parse. */
    void discard() {
        readers.remove();
    }

    /** A new reader. */
    XMLReader newReader() {
        try {
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(MAX_DEPTH_PROPERTY, String.valueOf(MAX_ELEMENT_DEPTH));
            reader.setErrorHandler(STRICT);
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot create a hardened XML reader", e);
        }
    }
}
