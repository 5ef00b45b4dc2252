package io.hostbridge.api.spi;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The host's TLS material, for every listener and for the agent's own outgoing connections: the host certificate
 * and key, the CA that signs the agent's clients (and its peers: other agents, its broker), and the revocation list.
 */
public interface HostTls {

    /**
     * For a listener: presents the host certificate; verifies client certificates against the CA, their validity
     * and the revocation list. Whether a client certificate is required is the listener's choice
     * ({@code SSLEngine.setNeedClientAuth}).
     */
    SSLContext server();

    /** For the agent's own connections (another agent, its broker): presents the host certificate, trusts the CA. */
    SSLContext client();

    /** The protocols every TLS endpoint of the agent enables: TLS 1.3 and 1.2, never older. */
    List<String> protocols();

    /** The names the host certificate carries (DNS names and addresses): what clients may call the agent. */
    List<String> names();

    /** The host certificate itself (the first of its chain). */
    X509Certificate certificate();
}
