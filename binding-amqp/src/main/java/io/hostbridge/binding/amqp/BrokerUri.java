package io.hostbridge.binding.amqp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Qpid JMS connection URI for the agent's settings: the configured broker address(es) inside a failover
 * URI that retries forever with back-off, so the agent starts without the broker and rides out its restarts.
 * Credentials are not part of it (they are given to the factory), so the URI can be logged.
 */
final class BrokerUri {
    private static final Set<String> SCHEMES = Set.of("amqp", "amqps", "amqpws", "amqpwss");
    /** How long closing the connection may take: stopping the agent must be prompt even with a hung broker. */
    static final long CLOSE_TIMEOUT_MILLIS = 2000;

    private BrokerUri() {
    }

    /** @throws IllegalArgumentException naming {@code amqp.url} when an address is not an AMQP URI */
    static String of(AmqpSettings settings) {
        List<String> peers = new ArrayList<>();
        for (String part : settings.url().split(",")) {
            String peer = part.strip();
            if (!peer.isEmpty()) {
                peers.add(check(peer));
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("amqp.url is empty: expected amqp://host:port");
        }
        long requestTimeout = settings.requestTimeout().toMillis();
        long reconnectDelay = settings.reconnectDelay().toMillis();
        return "failover:(" + String.join(",", peers) + ")"
                + "?failover.initialReconnectDelay=" + reconnectDelay
                + "&failover.reconnectDelay=" + reconnectDelay
                + "&failover.maxReconnectDelay=" + Math.max(reconnectDelay, settings.maxReconnectDelay().toMillis())
                + "&failover.useReconnectBackOff=true"
                + "&failover.maxReconnectAttempts=-1"
                + "&jms.connectTimeout=" + requestTimeout
                + "&jms.requestTimeout=" + requestTimeout
                // a send waits while the broker is away; without this, forever
                + "&jms.sendTimeout=" + requestTimeout
                + "&jms.closeTimeout=" + CLOSE_TIMEOUT_MILLIS
                + "&jms.prefetchPolicy.queuePrefetch=" + settings.prefetch();
    }

    /**
     * Whether the agent presents the host certificate and trusts its own CA for the broker: on a TLS address
     * ({@code amqps}, {@code amqpwss}), unless the URL names key or trust stores of its own (Qpid JMS'
     * {@code transport.keyStoreLocation}, {@code transport.trustStoreLocation}, {@code transport.trustAll}), e.g. for
     * a broker whose certificate another CA signed.
     */
    static boolean usesHostCertificate(AmqpSettings settings) {
        String url = settings.url();
        boolean tls = url.contains("amqps://") || url.contains("amqpwss://");
        return tls && !url.contains("transport.keyStore") && !url.contains("transport.trustStore")
                && !url.contains("transport.trustAll");
    }

    private static String check(String peer) {
        try {
            URI uri = new URI(peer);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("amqp.url: expected amqp://host:port (or amqps://), got '" + peer + "'");
            }
            return peer;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("amqp.url: '" + peer + "' is not a URI: " + e.getReason(), e);
        }
    }
}
