package io.hostbridge.api.spi;

import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Who may log in to the agent's embedded broker, and as which user. The broker asks on every new connection, then
 * asks {@link #access} about the user it validated before every operation (so a revocation applies to connections
 * already open), and stamps the user's name on the requests it carries.
 */
public interface BrokerLogins extends BrokerUsers {

    /**
     * The user name the embedded broker gives a certificate: its subject (RFC 2253) and its serial in lower-case
     * hexadecimal, e.g. {@code CN=ops,O=hostbridge;serial=1f3a}, so two certificates of one subject are two users.
     */
    static String certificateUser(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253) + ";serial="
                + certificate.getSerialNumber().toString(16);
    }

    /**
     * A client with a TLS client certificate (SASL EXTERNAL); the handshake already verified its chain and
     * revocation.
     *
     * @return the user it logs in as; empty when the certificate grants nothing
     */
    Optional<Login> certificate(X509Certificate certificate);

    /**
     * A client with a user name and password (SASL PLAIN).
     *
     * @return the user; empty when the name is unknown or the password wrong
     */
    Optional<Login> password(String name, String password);

    /** A client of the plain loopback listener that {@code amqp.insecure} opens; empty when it is not configured. */
    Optional<Login> anonymous();

    /**
     * A user the broker validated.
     *
     * @param name  what the broker stamps on the user's messages, and passes to {@link #access}
     * @param agent whether it is the agent itself (the host certificate): the only user that consumes the agent's
     *              requests and publishes its events
     */
    record Login(String name, boolean agent) {
        public Login {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a login needs a name");
            }
        }
    }
}
