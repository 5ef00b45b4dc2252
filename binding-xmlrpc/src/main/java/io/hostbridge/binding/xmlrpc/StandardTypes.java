package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.Printable;
import org.apache.ws.commons.util.NamespaceContextImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.parser.TypeParserImpl;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The value types of the XML-RPC specification and nothing else. The library already refuses its
 * extensions (ex:nil, ex:i8, ex:serializable…) while they are disabled; this says so in words a caller can
 * act on, and names {@code <nil/>}, which Python sends with {@code allow_none=True}.
 */
final class StandardTypes extends TypeFactoryImpl {

    StandardTypes(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri, String localName) {
        if (XmlRpcWriter.EXTENSIONS_URI.equals(uri)) {
            return new Refused("extension type <" + localName + "> is not accepted: this server speaks standard"
                    + " XML-RPC only (send 64-bit integers as decimal strings, leave absent values out)");
        }
        TypeParser parser = uri.isEmpty() ? super.getParser(config, context, uri, localName) : null;
        if (parser != null) {
            return parser;
        }
        if (uri.isEmpty() && "nil".equals(localName)) {
            return new Refused("<nil/> is not accepted: XML-RPC has no null; leave the argument or struct member out");
        }
        return new Refused("unknown value type <" + Printable.of(localName) + ">: XML-RPC has int, i4, boolean,"
                + " string, double, struct and array (send 64-bit integers as decimal strings)");
    }

    /** Fails the parse as soon as the refused value starts, with the line and column of it. */
    private static final class Refused extends TypeParserImpl {
        private final String reason;

        Refused(String reason) {
            this.reason = reason;
        }

        @Override
        public void startDocument() throws SAXException {
            throw new SAXParseException(reason, getDocumentLocator());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            throw new SAXParseException(reason, getDocumentLocator());
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            throw new SAXParseException(reason, getDocumentLocator());
        }
    }
}
