package io.hostbridge.http;

import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import java.security.cert.X509Certificate;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.util.Globals;

/** How a call came in over the shared HTTP listener, for the call pipeline to decide who is calling. */
public final class HttpCallers {
    private HttpCallers() {
    }

    /**
     * @param binding how the call came in, e.g. {@code rest}, {@code jsonrpc}, {@code xmlrpc}
     * @return the transport facts: the peer (its TLS client certificate, the unix socket's user, or the insecure
     *         loopback listener's caller), its address, and the {@code FlowID} header as sent
     */
    public static Transport of(Request request, String binding) {
        Peer peer = peer(request);
        String remote = peer instanceof Peer.UnixUser u ? "unix:pid=" + u.pid()
                : request.getRemoteAddr() + ":" + request.getRemotePort();
        return Transport.of(binding, remote, request.getHeader(CallContext.FLOW_ID), peer);
    }

    private static Peer peer(Request request) {
        if (request.isSecure()) {
            Object certificates = request.getAttribute(Globals.CERTIFICATES_ATTR);
            return certificates instanceof X509Certificate[] c && c.length > 0 ? new Peer.Certificate(c[0])
                    : Peer.ANONYMOUS;
        }
        Peer known = Peers.of(request.getContext() == null ? null : request.getContext().getConnection());
        return known == null ? Peer.ANONYMOUS : known;
    }
}
