package io.hostbridge.binding.xmlrpc;

import io.hostbridge.http.BoundedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * One HTTP exchange as the XML-RPC server reads and answers it. The body is read through a
 * {@link BoundedInputStream}: the listener refuses a too-large declared length, this cuts off a chunked body.
 */
final class Exchange implements ServerStreamConnection {
    private final Request request;
    private final Response response;
    private final long maxRequestBytes;

    Exchange(Request request, Response response, long maxRequestBytes) {
        this.request = request;
        this.response = response;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public InputStream newInputStream() {
        return new BoundedInputStream(request.getInputStream(), maxRequestBytes);
    }

    @Override
    public OutputStream newOutputStream() {
        return response.getOutputStream();
    }

    /** Grizzly completes the response when the handler returns. */
    @Override
    public void close() {
    }
}
