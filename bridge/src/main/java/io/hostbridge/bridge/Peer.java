package io.hostbridge.bridge;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * What the transport proved about a caller, for the {@link Authenticator} to decide who it is: nothing, a TLS client
 * certificate the handshake verified, the unix-socket peer the kernel vouches for, a user the broker validated, the
 * agent itself, or a plain loopback listener configured insecure.
 */
public sealed interface Peer {
    /** Nothing proven (e.g. an image data client over TLS without a client certificate). */
    Peer ANONYMOUS = new Anonymous();
    /** The agent calling itself (its presence notices, its start-up banner). */
    Peer AGENT = new Agent();
    /** A caller of the plain-HTTP loopback listener that {@code http.insecure} allows. */
    Peer INSECURE = new Insecure();

    record Anonymous() implements Peer {
    }

    record Agent() implements Peer {
    }

    record Insecure() implements Peer {
    }

    /** A TLS client certificate, verified against the agent's CA by the handshake (revocation is checked again). */
    record Certificate(X509Certificate certificate) implements Peer {
        public Certificate {
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /** The process at the other end of the local unix socket, as the kernel reports it (SO_PEERCRED). */
    record UnixUser(int uid, int gid, int pid) implements Peer {
    }

    /** A user the message broker authenticated (by certificate or password) and stamped on the message. */
    record BrokerUser(String name) implements Peer {
        public BrokerUser {
            Objects.requireNonNull(name, "name");
        }
    }
}
