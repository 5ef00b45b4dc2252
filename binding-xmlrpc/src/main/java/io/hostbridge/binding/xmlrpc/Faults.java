package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.http.BoundedInputStream;
import java.io.IOException;
import org.apache.xmlrpc.XmlRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML-RPC faults, for requests that never became a method call (unreadable, too large, malformed, refused
 * types). The fault code is the agent's error code; the fault string says what is wrong, never how the
 * server is built. Calls that were understood get the status envelope instead (see {@link Dispatcher}).
 */
final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private Faults() {
    }

    /** The fault for a request body that could not be read ({@link IOException}) or parsed ({@link SAXException}). */
    static XmlRpcException unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BoundedInputStream.TooLargeException) {
                return fault(ErrorCode.REQUEST_TOO_LARGE, t.getMessage());
            }
        }
        if (e instanceof SAXParseException p && p.getLineNumber() > 0) {
            return malformed(p.getMessage() + " (line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ")");
        }
        if (e instanceof SAXException) {
            return malformed(e.getMessage());
        }
        // the caller stopped sending, or the connection broke
        return fault(ErrorCode.MALFORMED_REQUEST, "Could not read the request body");
    }

    /** The fault for a well-formed document that is not a method call. */
    static XmlRpcException malformed(String what) {
        return fault(ErrorCode.MALFORMED_REQUEST, "Malformed XML-RPC request: " + what);
    }

    /** {@code error} if it is one of ours; otherwise an internal error, logged under an id that is sent. */
    static XmlRpcException safe(Throwable error) {
        if (error instanceof XmlRpcException e && ErrorCode.byCode(e.code).isPresent()) {
            LOG.debug("XML-RPC fault {}: {}", e.code, e.getMessage());
            return e;
        }
        return internal(error);
    }

    private static XmlRpcException internal(Throwable error) {
        return fault(ErrorCode.GENERAL, BridgeException.internal(ErrorIds.record("an XML-RPC request", error), error)
                .getMessage());
    }

    private static XmlRpcException fault(ErrorCode code, String message) {
        return new XmlRpcException(code.code(), message);
    }
}
