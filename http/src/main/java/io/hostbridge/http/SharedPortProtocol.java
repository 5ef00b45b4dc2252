package io.hostbridge.http;

import org.glassfish.grizzly.filterchain.Filter;

/**
 * A protocol other than HTTP served on the HTTP listener's port and unix socket by port unification, as VDSM
 * serves its STOMP wire beside HTTP on 54321: after TLS, the first bytes of a connection decide which protocol
 * serves it, the contributed protocols first, HTTP otherwise. Bindings add theirs to the
 * {@code Set<SharedPortProtocol>} from their own Guice module; with none, connections go straight to HTTP.
 */
public interface SharedPortProtocol {

    /** What the first bytes of a connection say. */
    enum Detection {
        /** The connection speaks this protocol. */
        YES,
        /** It does not. */
        NO,
        /** The bytes so far could begin either: wait for more. */
        MORE
    }

    /** For logs and the listener's name, e.g. {@code stomp}. */
    String name();

    /**
     * Looks at the first bytes of a connection (decrypted), never more than {@link #longestPrefix()} of them.
     *
     * @param prefix the bytes received so far
     * @param length how many of {@code prefix} are valid
     */
    Detection detect(byte[] prefix, int length);

    /** How many first bytes {@link #detect} needs at most to say YES or NO. */
    int longestPrefix();

    /**
     * The Grizzly filter that serves a connection once detected: it reads the connection's (decrypted) bytes as
     * {@link org.glassfish.grizzly.Buffer}s and writes with {@link org.glassfish.grizzly.Connection#write}; the
     * connection's transport facts come from {@link ConnectionCallers}. Closing is the filter's business: the
     * listener's HTTP keep-alive time-out does not apply to the connection.
     */
    Filter filter();

    /**
     * A listener of its own serving only this protocol (same TLS and client certificates as the HTTP port;
     * anything else is closed), or null for none.
     */
    OwnListener ownListener();

    /** Where a protocol's own listener listens; port 0 picks a free one. */
    record OwnListener(String address, int port) {
    }
}
