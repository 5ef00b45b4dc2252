package io.hostbridge.broker;

import java.nio.file.Path;
import java.util.Map;
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
 * The embedded broker's Artemis configuration: one AMQP acceptor, no security, no JMX, and address
 * defaults that give hostbridge's addresses their routing type when a client names them without saying
 * (a plain AMQP client sends no {@code queue}/{@code topic} capability).
 */
final class BrokerConfiguration {
    /** Requests to a host: each is consumed once, by that host's agent. */
    static final String REQUESTS = "hostbridge.host.#";
    /** Events of a host: every subscriber gets each one. */
    static final String EVENTS = "hostbridge.events.#";
    /** Hosts announcing themselves: every subscriber gets each announcement. */
    static final String PRESENCE = "hostbridge.presence";

    /**
     * Messages the broker may hold in the agent's heap, all addresses together (Artemis' default is half
     * the heap); beyond it, each address applies its full-policy: request and reply queues refuse new
     * messages (the sender gets an error), events and presence drop them.
     */
    static final long GLOBAL_MAX_BYTES = 64L * 1024 * 1024;
    /** Events nobody reads must not crowd out requests: beyond this, an address drops new ones. */
    static final long MULTICAST_MAX_BYTES = 16L * 1024 * 1024;
    /** The broker carries small control messages; Artemis' default 10 MiB journal files are oversized. */
    private static final int JOURNAL_FILE_BYTES = 2 * 1024 * 1024;

    private BrokerConfiguration() {
    }

    static Configuration of(BrokerSettings settings) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("hostbridge");
        config.setPersistenceEnabled(settings.persistent());
        // loopback by default; authentication is on the roadmap (SASL), see docs/amqp.md
        config.setSecurityEnabled(false);
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
        config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), Map.of(
                TransportConstants.HOST_PROP_NAME, settings.address(),
                TransportConstants.PORT_PROP_NAME, settings.port(),
                TransportConstants.PROTOCOLS_PROP_NAME, "AMQP",
                TransportConstants.REMOTING_THREADS_PROPNAME, 2), "amqp"));
        config.addAddressSetting("#", new AddressSettings()
                // Artemis' conventional names; no queue is bound to them, so such messages are dropped (and
                // Artemis stops warning, on every new queue, that none is configured)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL));
        // Artemis merges matching settings, the most specific winning: these add to "#"
        config.addAddressSetting(REQUESTS, routed(RoutingType.ANYCAST));
        config.addAddressSetting(EVENTS, multicast());
        config.addAddressSetting(PRESENCE, multicast());
        return config;
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
