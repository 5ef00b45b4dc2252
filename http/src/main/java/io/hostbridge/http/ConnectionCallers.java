package io.hostbridge.http;

import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * How a call came in over a connection of the shared listener that speaks another protocol than HTTP
 * ({@link SharedPortProtocol}), for the call pipeline to decide who is calling: the TLS client certificate, the
 * unix socket's user, or the insecure loopback listener's caller.
 */
public final class ConnectionCallers {
    private ConnectionCallers() {
    }

    /** The peer at the other end of {@code connection}, decided as for the HTTP requests it could have carried. */
    public static Peer peer(Connection<?> connection) {
        SSLEngine engine = SSLUtils.getSSLEngine(connection);
        if (engine != null) {
            try {
                Certificate[] chain = engine.getSession().getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate c ? new Peer.Certificate(c)
                        : Peer.ANONYMOUS;
            } catch (SSLPeerUnverifiedException e) {
                return Peer.ANONYMOUS;
            }
        }
        Peer known = Peers.of(connection);
        return known == null ? Peer.ANONYMOUS : known;
    }

    /**
     * @param binding how the call came in, e.g. {@code stomp}
     * @param flowId  the flow id the caller sent with the call, or null
     */
    public static Transport of(Connection<?> connection, Peer peer, String binding, String flowId) {
        String remote = peer instanceof Peer.UnixUser u ? "unix:pid=" + u.pid()
                : connection.getPeerAddress() instanceof InetSocketAddress a
                        ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(connection.getPeerAddress());
        return Transport.of(binding, remote, flowId, peer);
    }
}
