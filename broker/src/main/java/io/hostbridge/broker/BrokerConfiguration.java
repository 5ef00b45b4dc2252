package io.hostbridge.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The embedded broker's Artemis configuration: an AMQPS acceptor with the agent's TLS material (and, with
 * {@code amqp.insecure}, a plain loopback one), security on ({@link BrokerSecurity}, {@link BrokerPermissions}),
 * the validated user stamped on every message ({@link ValidatedUser}), no JMX, and address defaults that give
 * hostbridge's addresses their routing type when a client names them without saying (a plain AMQP client sends no
 * {@code queue}/{@code topic} capability).
 */
final class BrokerConfiguration {
    /** Requests to a host: each is consumed once, by that host's agent. */
    static final String REQUESTS = "hostbridge.host.#";
    /** Events of a host: every subscriber gets each one. */
    static final String EVENTS = "hostbridge.events.#";
    /** Hosts announcing themselves: every subscriber gets each announcement. */
    static final String PRESENCE = "hostbridge.presence";
    /** Artemis' conventional names; no queue is bound to them, so such messages are dropped. */
    static final String DEAD_LETTERS = "DLQ";
    static final String EXPIRED = "ExpiryQueue";

    /**
     * Messages the broker may hold in the agent's heap, all addresses together (Artemis' default is half
     * the heap); beyond it, each address applies its full-policy: request and reply queues give no more credit
     * (the request addresses) or refuse new messages (the others), events and presence drop them.
     */
    static final long GLOBAL_MAX_BYTES = 64L * 1024 * 1024;
    /** Events nobody reads must not crowd out requests: beyond this, an address drops new ones. */
    static final long MULTICAST_MAX_BYTES = 16L * 1024 * 1024;
    /**
     * What may wait for one host's agent (its calls and the clients' stream packets) before the address's senders
     * get no more credit (Artemis' BLOCK): a client that sends packets faster than the agent takes them is held
     * back here, not in memory. Senders without a target address get credit regardless, so beyond
     * {@link #REQUESTS_REJECT_BYTES} the address refuses messages outright.
     */
    static final long REQUESTS_MAX_BYTES = 8L * 1024 * 1024;
    static final long REQUESTS_REJECT_BYTES = 32L * 1024 * 1024;
    /**
     * What may wait on any other address (a manager's reply address) before senders on links to that address get
     * no more credit (BLOCK): a data stream's packets go on such a link, so the agent sending a download faster than
     * its client reads it is held back here, in order, and a client that does not read at all holds no more than
     * this plus one credit batch per stream. Replies go on one anonymous link shared by every client, which must
     * never wait for one client's full address: such senders get credit regardless, and the address refuses their
     * messages only beyond {@link #QUEUE_REJECT_BYTES}.
     */
    static final long QUEUE_MAX_BYTES = 2L * 1024 * 1024;
    /**
     * Room that stream packets never reach: each stream's link may overshoot {@link #QUEUE_MAX_BYTES} by its credit
     * ({@link #AMQP_CREDITS} packets of 256 KiB, 4 MiB), and a client may have 8 streams (streams.maxPerCaller) on
     * one reply address: 34 MiB, and replies on top. A packet refused here would leave a gap in its stream.
     */
    static final long QUEUE_REJECT_BYTES = 40L * 1024 * 1024;
    /**
     * Messages a sender may send on the credit the broker gives at once (Artemis' {@code amqpCredits}, 1000 by
     * default, topped up when it falls to {@code amqpLowCredits}). AMQP credit counts messages, not bytes: a link
     * may overshoot a full request address by this many messages, up to 4 MiB of stream packets at 16.
     */
    static final int AMQP_CREDITS = 16;
    static final int AMQP_LOW_CREDITS = 4;
    /**
     * Messages above this size take Artemis' large-message path; a stream packet (256 KiB and its properties) stays
     * below it, as a plain message, fully counted against the limits above.
     */
    static final int AMQP_LARGE_MESSAGE_BYTES = 512 * 1024;
    /** The broker carries small control messages; Artemis' default 10 MiB journal files are oversized. */
    private static final int JOURNAL_FILE_BYTES = 2 * 1024 * 1024;
    /** The AMQP acceptor parameter listing the SASL mechanisms it offers (ANONYMOUS only where named). */
    private static final String SASL_MECHANISMS = "saslMechanisms";

    private BrokerConfiguration() {
    }

    /**
     * @param tls       the TLS acceptor's context (host certificate; clients verified against the CA and revocation)
     * @param protocols the TLS versions it enables
     */
    static Configuration of(BrokerSettings settings, SSLContext tls, List<String> protocols) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("hostbridge");
        config.setPersistenceEnabled(settings.persistent());
        config.setSecurityEnabled(true);
        config.setSecurityRoles(BrokerPermissions.all());
        // no caches: a revocation or a changed users file applies to the next operation, not minutes later
        config.setAuthenticationCacheSize(0);
        config.setAuthorizationCacheSize(0);
        // Artemis lets its cluster user (with the well-known default password) past every check; nobody may be it
        config.setClusterPassword(randomSecret());
        config.registerBrokerPlugin(new ValidatedUser());
        config.setJMXManagementEnabled(false);
        // its own thread and a halt of the JVM on a stall: not what an embedded helper may do to the agent
        config.setCriticalAnalyzer(false);
        // a handful of connections (this agent, a manager or two) need few threads
        config.setScheduledThreadPoolMaxSize(2);
        config.setThreadPoolMaxSize(8);
        config.setMessageCounterEnabled(false);
        // everything the broker may write lands in the state dir, never in the working directory
        Path dir = settings.dataDir();
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dir.toString());
        config.setJournalType(JournalType.NIO); // no native library probe
        config.setJournalFileSize(JOURNAL_FILE_BYTES);
        config.setGlobalMaxSize(GLOBAL_MAX_BYTES);
        if (!settings.persistent()) {
            config.setMaxDiskUsage(-1); // nothing is written, so a full disk must not block producers
        }
        Map<String, Object> amqps = acceptor(settings.address(), settings.port());
        amqps.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        amqps.put(AcceptorSslContexts.CONTEXT, tls);
        // a name for the context (Artemis then wants no key store); the context itself is the parameter above
        amqps.put(TransportConstants.SSL_CONTEXT_PROP_NAME, "hostbridge");
        amqps.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, String.join(",", protocols));
        // with password users a client may come without a certificate and log in with PLAIN; else it needs one
        amqps.put(settings.passwords() ? TransportConstants.WANT_CLIENT_AUTH_PROP_NAME
                : TransportConstants.NEED_CLIENT_AUTH_PROP_NAME, true);
        amqps.put(SASL_MECHANISMS, settings.passwords() ? "EXTERNAL,PLAIN" : "EXTERNAL");
        config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), amqps,
                "amqps"));
        if (settings.insecurePort() != 0) {
            Map<String, Object> plain = acceptor(settings.address(), settings.insecurePort());
            plain.put(SASL_MECHANISMS, "ANONYMOUS");
            plain.put(BrokerSecurity.INSECURE_LISTENER, true);
            config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), plain,
                    "amqp-insecure"));
        }
        config.addAddressSetting("#", new AddressSettings()
                // (and Artemis stops warning, on every new queue, that no dead-letter address is configured)
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setMaxSizeBytes(QUEUE_MAX_BYTES)
                .setMaxSizeBytesRejectThreshold(QUEUE_REJECT_BYTES)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK));
        // Artemis merges matching settings, the most specific winning: these add to "#"
        config.addAddressSetting(REQUESTS, routed(RoutingType.ANYCAST)
                .setMaxSizeBytes(REQUESTS_MAX_BYTES)
                .setMaxSizeBytesRejectThreshold(REQUESTS_REJECT_BYTES)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK));
        config.addAddressSetting(EVENTS, multicast());
        config.addAddressSetting(PRESENCE, multicast());
        return config;
    }

    private static Map<String, Object> acceptor(String address, int port) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, address);
        params.put(TransportConstants.PORT_PROP_NAME, port);
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "AMQP");
        params.put(TransportConstants.REMOTING_THREADS_PROPNAME, 2);
        params.put("amqpCredits", AMQP_CREDITS);
        params.put("amqpLowCredits", AMQP_LOW_CREDITS);
        params.put("amqpMinLargeMessageSize", AMQP_LARGE_MESSAGE_BYTES);
        return params;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static AddressSettings multicast() {
        return routed(RoutingType.MULTICAST)
                .setMaxSizeBytes(MULTICAST_MAX_BYTES)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.DROP);
    }

    private static AddressSettings routed(RoutingType type) {
        return new AddressSettings()
                .setDefaultAddressRoutingType(type)
                .setDefaultQueueRoutingType(type)
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true);
    }
}
