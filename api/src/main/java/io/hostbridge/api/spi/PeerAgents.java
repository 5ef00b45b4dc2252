package io.hostbridge.api.spi;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * How this agent calls another agent's HTTP API (a migration's destination): over mutual TLS with the host
 * certificate, or in plain HTTP where this agent's own listener is plain ({@code http.insecure}, tests).
 */
public interface PeerAgents {

    /** {@code path} on the agent at {@code hostPort} (already checked to be host:port). */
    URI uri(String hostPort, String path);

    /** The client for such calls: over TLS it presents the host certificate and trusts only the host's CA. */
    HttpClient client();
}
