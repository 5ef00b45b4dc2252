package io.hostbridge.binding.xmlrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Apache XML-RPC's stream server, locked down: standard types only (no extensions, no serialized exceptions),
 * requests parsed by a {@link SecureXml} reader, and every method name handed to the {@link Dispatcher}.
 *
 * <p>The hardened reader is this server's own rather than installed with {@code SAXParsers.setSAXParserFactory}:
 * that factory is a JVM-wide static any other code could replace, and here nothing can.
 */
final class RpcServer extends XmlRpcStreamServer {
    private final SecureXml xml = new SecureXml();

    RpcServer(Dispatcher dispatcher) {
        XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
        config.setEnabledForExtensions(false);
        config.setEnabledForExceptions(false);
        config.setEncoding(StandardCharsets.UTF_8.name());
        setConfig(config);
        setTypeFactory(new StandardTypes(this));
        setHandlerMapping(method -> request ->
                dispatcher.call(method, arguments(request), ((RequestConfig) request.getConfig()).transport()));
    }

    private static List<Object> arguments(XmlRpcRequest request) {
        List<Object> args = new ArrayList<>(request.getParameterCount());
        for (int i = 0; i < request.getParameterCount(); i++) {
            args.add(request.getParameter(i));
        }
        return args;
    }

    /** What an idle reader holds instead of the last request's parser. */
    private static final DefaultHandler IDLE = new DefaultHandler();

    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream body) throws XmlRpcException {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, getTypeFactory());
        XMLReader reader = xml.reader();
        try {
            reader.setContentHandler(parser);
            reader.parse(new InputSource(body));
        } catch (SAXException | IOException e) {
            xml.discard();
            throw Faults.unreadable(e);
        } catch (RuntimeException e) {
            xml.discard();
            throw e;
        } finally {
            reader.setContentHandler(IDLE); // let go of this request's values
        }
        if (parser.getMethodName() == null) {
            throw Faults.malformed("no methodName");
        }
        List<?> params = parser.getParams() == null ? List.of() : parser.getParams();
        return new XmlRpcRequest() {
            @Override
            public XmlRpcRequestConfig getConfig() {
                return config;
            }

            @Override
            public String getMethodName() {
                return parser.getMethodName();
            }

            @Override
            public int getParameterCount() {
                return params.size();
            }

            @Override
            public Object getParameter(int index) {
                return params.get(index);
            }
        };
    }

    /** The response document {@link #execute} would write for {@code result}. */
    byte[] response(Object result) throws XmlRpcException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        writeResponse(new RequestConfig(null), out, result);
        return out.toByteArray();
    }

    @Override
    protected Throwable convertThrowable(Throwable error) {
        return Faults.safe(error);
    }

    /** The library would log every bad request with its stack trace; {@link Faults} logs what is worth it. */
    @Override
    protected void logError(Throwable t) {
    }
}
