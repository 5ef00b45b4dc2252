package io.hostbridge.binding.amqp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/** A real Artemis broker with an AMQP acceptor on a port of its own; can stop and start again on it. */
final class TestBroker implements AutoCloseable {
    private final int port;
    private final Path journal;
    private ActiveMQServer server;
    private long queueMaxBytes = -1;
    private long rejectBytes = REJECT_BYTES;

    /** @param journal where to keep messages across restarts, or null for an in-memory broker */
    TestBroker(Path journal) throws IOException {
        this.port = freePort();
        this.journal = journal;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Flow control as the embedded broker has it on reply addresses: beyond {@code maxBytes} an address gives links
     * to it no more credit (BLOCK), and beyond {@link #REJECT_BYTES} it refuses the messages of anonymous links.
     */
    TestBroker blockingBeyond(long maxBytes) {
        this.queueMaxBytes = maxBytes;
        return this;
    }

    static final long REJECT_BYTES = 8L * 1024 * 1024;

    /** With {@link #blockingBeyond}: addresses refuse every message beyond {@code bytes} (default REJECT_BYTES). */
    TestBroker rejectingBeyond(long bytes) {
        this.rejectBytes = bytes;
        return this;
    }

    /** Whether {@code address} holds more than it takes, so that it refuses messages now. */
    boolean rejecting(String address) throws Exception {
        var store = server.getPagingManager().getPageStore(SimpleString.of(address));
        return store != null && store.isRejectingMessages();
    }

    /** Bytes of messages waiting on {@code address}. */
    long bytesOn(String address) throws Exception {
        var store = server.getPagingManager().getPageStore(SimpleString.of(address));
        return store == null ? 0 : store.getAddressSize();
    }

    int port() {
        return port;
    }

    String url() {
        return "amqp://127.0.0.1:" + port;
    }

    TestBroker start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setPersistenceEnabled(journal != null);
        if (journal != null) {
            config.setJournalType(JournalType.NIO);
            config.setJournalDirectory(journal.resolve("journal").toString());
            config.setBindingsDirectory(journal.resolve("bindings").toString());
            config.setPagingDirectory(journal.resolve("paging").toString());
            config.setLargeMessagesDirectory(journal.resolve("large").toString());
            config.setNodeManagerLockDirectory(journal.toString());
        }
        config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(),
                Map.of("host", "127.0.0.1", "port", port, "protocols", "AMQP", "amqpCredits", 16, "amqpLowCredits", 4,
                        "amqpMinLargeMessageSize", 512 * 1024), "amqp"));
        if (queueMaxBytes > 0) {
            config.addAddressSetting("#", new AddressSettings().setMaxSizeBytes(queueMaxBytes)
                    .setMaxSizeBytesRejectThreshold(rejectBytes)
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK));
        }
        server = new ActiveMQServerImpl(config);
        server.start();
        if (!server.isActive()) {
            throw new IllegalStateException("test broker did not start on " + port);
        }
        return this;
    }

    void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the test broker failed", e);
        }
    }
}
