package io.hostbridge.broker;

import io.hostbridge.api.spi.BrokerLogins;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.Lifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.logs.AuditLogger;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Apache ActiveMQ Artemis broker: AMQPS with the host's certificate, every client authenticated (see
 * {@link BrokerSecurity}). It starts before the agent's listeners and the AMQP agent (phase 50) and stops after them,
 * so the agent can say goodbye on it. Start fails when a port is taken.
 */
@Singleton
public final class EmbeddedBroker implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final BrokerSettings settings;
    private final HostTls tls;
    private final BrokerLogins logins;
    private volatile ActiveMQServer server;

    @Inject
    public EmbeddedBroker(BrokerSettings settings, HostTls tls, BrokerLogins logins) {
        this.settings = settings;
        this.tls = tls;
        this.logins = logins;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public int phase() {
        return 50;
    }

    @Override
    public void start() throws Exception {
        if (AuditLogger.isMessageLoggingEnabled()) {
            // Artemis turns its audit on by logger level alone; the agent's logging configuration turns it off
            LOG.warn("Artemis audit logging is on: it logs every message, parameters and secrets included; set the "
                    + "logger org.apache.activemq.audit to OFF");
        }
        long t0 = System.nanoTime();
        // this constructor registers no MBeans (ActiveMQServers' factories use the platform MBean server)
        ActiveMQServer s = new ActiveMQServerImpl(BrokerConfiguration.of(settings, tls.server(), tls.protocols()),
                new BrokerSecurity(logins));
        s.start();
        if (!s.isActive()) {
            // Artemis logs why (e.g. the port is in use) and leaves the server stopped instead of throwing
            s.stop();
            throw new IllegalStateException("the embedded AMQP broker did not start on " + endpoint()
                    + (settings.insecurePort() != 0 ? " and " + insecureEndpoint() : "")
                    + " (port in use? see the log above); set broker.port, or broker.embedded=false");
        }
        server = s;
        if (settings.insecurePort() != 0) {
            LOG.warn("amqp.insecure: the embedded broker also listens on {} without TLS or authentication; its clients"
                    + " are admin. Only where nothing else runs on the host", insecureEndpoint());
        }
        LOG.info("embedded AMQP broker listening on {} ({}, started in {} ms)", endpoint(),
                settings.persistent() ? "persistent, journal in " + settings.dataDir() : "in memory",
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void stop() {
        ActiveMQServer s = server;
        server = null;
        if (s != null) {
            try {
                s.stop();
            } catch (Exception e) {
                LOG.warn("stopping the embedded broker failed", e);
            }
        }
    }

    /** The running server, for tests; null when stopped. */
    ActiveMQServer server() {
        return server;
    }

    /** True while the broker accepts connections. */
    boolean running() {
        ActiveMQServer s = server;
        return s != null && s.isActive();
    }

    /** The AMQPS acceptor. */
    String endpoint() {
        return "amqps://" + host() + ":" + settings.port();
    }

    String insecureEndpoint() {
        return "amqp://" + host() + ":" + settings.insecurePort();
    }

    private String host() {
        return settings.address().contains(":") ? "[" + settings.address() + "]" : settings.address();
    }
}
