package io.hostbridge.binding.xmlrpc;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.http.HttpCallers;
import io.hostbridge.http.HttpRoute;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.xmlrpc.XmlRpcException;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /RPC2}: hands the exchange to the {@link RpcServer}. Grizzly runs handlers on the listener's
 * worker threads (http.workerThreads), so reading the body here blocks only this request.
 */
final class XmlRpcHttpHandler extends HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcHttpHandler.class);

    private final RpcServer server;
    private final long maxRequestBytes;
    /** VDSM's status 1100: the same for every refusal, so written once, not on the listener's thread each time. */
    private final byte[] busyReply;

    @Inject
    XmlRpcHttpHandler(Dispatcher dispatcher, XmlRpcSettings settings) {
        super("xmlrpc");
        this.server = new RpcServer(dispatcher);
        this.maxRequestBytes = settings.maxRequestBytes();
        try {
            this.busyReply = server.response(Envelope.failure(ErrorCode.RESOURCE_EXHAUSTED.code(),
                    HttpRoute.Busy.MESSAGE));
        } catch (XmlRpcException e) {
            throw new IllegalStateException("cannot write the busy reply", e);
        }
    }

    /**
     * The listener is at capacity: VDSM's answer, the status envelope with code 1100, in a normal response (XML-RPC
     * clients read nothing else), so that a legacy script sees the code it knows instead of a transport error.
     */
    void busy(Response response) throws IOException {
        response.setContentType("text/xml");
        response.setContentLength(busyReply.length);
        response.getOutputStream().write(busyReply);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getPathInfo();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            response.sendError(HttpStatus.NOT_FOUND_404.getStatusCode());
            return;
        }
        if (!Method.POST.equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpStatus.METHOD_NOT_ALLOWED_405.getStatusCode());
            return;
        }
        // every answer, faults included, is 200 text/xml: XML-RPC clients read faults only from such replies
        response.setContentType("text/xml");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try {
            server.execute(new RequestConfig(HttpCallers.of(request, "xmlrpc")), new Exchange(request, response, maxRequestBytes));
        } catch (XmlRpcException e) {
            // only writing the reply can fail this late, when the caller has gone away
            LOG.debug("XML-RPC reply to {} not sent: {}", request.getRemoteAddr(), e.getMessage());
        }
    }
}
