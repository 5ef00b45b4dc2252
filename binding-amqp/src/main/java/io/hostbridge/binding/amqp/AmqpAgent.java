package io.hostbridge.binding.amqp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.spi.BrokerLogins;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Transport;
import io.hostbridge.events.Subscription;
import io.hostbridge.jsonrpc.JsonRpc;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnection;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.JmsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP agent: serves JSON-RPC requests from {@code hostbridge.host.<hostId>}, publishes events to
 * {@code hostbridge.events.<hostId>} and announces itself on {@code hostbridge.presence}.
 *
 * <p>Threads: {@code amqp-connect} connects in the background (start never waits for the broker; Qpid JMS
 * failover then reconnects forever with back-off and recreates sessions and consumers); one consumer session
 * per worker receives requests, its listener screening and acknowledging them and handing them to
 * {@code amqp-worker-*} ({@code workers} threads, {@code queueSize} waiting), each with a session of its own
 * to reply on; {@code amqp-publisher} forwards events and presence on a session of its own. Data streams: one more
 * consumer session takes the clients' stream packets in order, and each stream sends its own packets on a session
 * of its own from the bridge's stream thread.
 */
@Singleton
public final class AmqpAgent implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpAgent.class);
    /** The request address carries calls and stream packets; a packet is a message with a {@code stream} property. */
    static final String CALLS = Packets.STREAM + " IS NULL";
    static final String PACKETS = Packets.STREAM + " IS NOT NULL";

    private final Bridge bridge;
    private final AmqpSettings settings;
    private final HostTls tls;
    private final ConnectionState state = new ConnectionState();
    private final RecentRequests recent = new RecentRequests();
    private final StreamRoutes routes = new StreamRoutes();
    private final Object lock = new Object();
    private Addresses addresses;
    private ThreadPoolExecutor workers;
    private Subscription subscription;
    private Thread connector;
    private Thread publisher;
    private JmsConnection connection;
    private List<MessageConsumer> consumers = List.of();
    private boolean stopping;

    /** @param tls the host's certificate and CA, for {@code amqps://} brokers (see {@link BrokerUri#usesHostCertificate}) */
    @Inject
    public AmqpAgent(Bridge bridge, AmqpSettings settings, HostTls tls) {
        this.bridge = bridge;
        this.settings = settings;
        this.tls = tls;
    }

    /** Without the host's TLS material: an {@code amqps://} URL then needs Qpid JMS' {@code transport.*} options. */
    AmqpAgent(Bridge bridge, AmqpSettings settings) {
        this(bridge, settings, null);
    }

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public int phase() {
        return 100;
    }

    @Override
    public void start() {
        String uri = BrokerUri.of(settings);
        addresses = Addresses.forHost(bridge.hostId());
        workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                settings.queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queueSize()),
                daemons("amqp-worker-"), new ThreadPoolExecutor.AbortPolicy());
        // subscribed now, so events published while the broker is still away wait (or overflow into a gap)
        subscription = bridge.subscribe(Transport.internal("amqp"), "#", null);
        connector = daemons("amqp-connect").newThread(() -> connect(uri));
        connector.start();
        LOG.info("AMQP agent: requests on {}, events on {}, presence on {}, broker {}", addresses.requests(),
                addresses.events(), Addresses.PRESENCE, settings.url());
    }

    /** On the connector thread: waits as long as it takes for the broker, then sets everything up. */
    private void connect(String uri) {
        try {
            JmsConnectionFactory factory = new JmsConnectionFactory(uri);
            PacketPrefetch prefetch = new PacketPrefetch(factory.getPrefetchPolicy());
            factory.setPrefetchPolicy(prefetch);
            OwnUser self = OwnUser.NONE;
            if (tls != null && BrokerUri.usesHostCertificate(settings)) {
                // mutual TLS with the host certificate: SASL EXTERNAL logs the agent in as itself
                factory.setSslContext(tls.client());
                self = new OwnUser(BrokerLogins.certificateUser(tls.certificate())); // as the embedded broker names it
            }
            if (!settings.user().isEmpty()) {
                factory.setUsername(settings.user());
                factory.setPassword(settings.password());
                self = new OwnUser(settings.user());
            }
            Duration timeout = settings.requestTimeout();
            JmsConnection c = (JmsConnection) factory.createConnection(); // failover: connects in the background
            synchronized (lock) {
                if (stopping) {
                    c.close();
                    return;
                }
                connection = c;
            }
            c.addConnectionListener(state);
            // a stream's packets already in flight are lost with the connection: its client must hear it ended
            state.onLost(() -> routes.abortAll(ErrorCode.UNAVAILABLE, "the agent lost its connection to the broker"));
            // failover reports lost and failed connections to the state; this only repeats them
            c.setExceptionListener(e -> LOG.debug("AMQP connection: {}", e.toString()));
            Session first = c.createSession(Session.CLIENT_ACKNOWLEDGE); // the first use waits for the broker
            List<Outbox> outboxes = new ArrayList<>(settings.workers());
            for (int i = 0; i < settings.workers(); i++) {
                outboxes.add(new Outbox(c.createSession(Session.AUTO_ACKNOWLEDGE), timeout, self));
            }
            Replies replies = new Replies(outboxes);
            JsonRpc rpc = new JsonRpc(bridge);
            StreamCarrier streams = new StreamCarrier(routes, () -> c.createSession(Session.AUTO_ACKNOWLEDGE),
                    timeout, self);
            Outbox publishing = new Outbox(c.createSession(Session.AUTO_ACKNOWLEDGE), timeout, self);
            // several receiving sessions: each screens and acknowledges on its own delivery thread, so receiving
            // is not one thread's serial work (an acknowledgement waits for the client's I/O thread)
            List<MessageConsumer> mcs = new ArrayList<>(settings.receivers() + 1);
            for (int i = 0; i < settings.receivers(); i++) {
                Session requests = i == 0 ? first : c.createSession(Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer mc = requests.createConsumer(requests.createQueue(addresses.requests()), CALLS);
                mc.setMessageListener(new RequestListener(rpc, settings, workers, replies,
                        new Outbox(requests, timeout, self), recent, streams));
                mcs.add(mc);
            }
            // one session takes every stream packet, in the order the broker holds them
            Session packets = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            prefetch.forPackets((JmsSession) packets);
            MessageConsumer pc = packets.createConsumer(packets.createQueue(addresses.requests()), PACKETS);
            pc.setMessageListener(new PacketListener(routes, new Outbox(packets, timeout, self)));
            mcs.add(pc);
            Publisher p = new Publisher(subscription, publishing, publishing.session().createTopic(addresses.events()),
                    publishing.session().createTopic(Addresses.PRESENCE),
                    new Presence(bridge, addresses, settings.presenceInterval(), Clock.systemUTC()), state,
                    settings.presenceInterval(), Clock.systemUTC(), bridge.hostId());
            synchronized (lock) {
                if (stopping) {
                    return; // stop() closes the connection
                }
                consumers = mcs;
                publisher = daemons("amqp-publisher").newThread(p);
                publisher.start();
            }
            c.start();
            state.receiving();
        } catch (JMSException | RuntimeException e) {
            synchronized (lock) {
                if (stopping) {
                    return; // closing the connection ends a wait for the broker this way
                }
            }
            LOG.error("AMQP agent could not set up its connection to {}: {}", settings.url(), e.toString());
            state.failed("could not set up the connection: " + e.getMessage());
        }
    }

    /**
     * Stops taking requests, gives running ones a moment to answer, says goodbye on the presence address,
     * and closes the connection. Prompt even when the broker is away: nothing here waits for it for long.
     */
    @Override
    public void stop() {
        List<MessageConsumer> mcs;
        JmsConnection c;
        Thread p;
        synchronized (lock) {
            if (stopping || workers == null) {
                return;
            }
            stopping = true;
            mcs = consumers;
            c = connection;
            p = publisher;
        }
        for (MessageConsumer mc : mcs) {
            try {
                mc.close();
            } catch (JMSException e) {
                LOG.debug("closing a request consumer: {}", e.toString());
            }
        }
        workers.shutdown();
        try {
            if (state.connected()) {
                workers.awaitTermination(BrokerUri.CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
            routes.abortAll(ErrorCode.UNAVAILABLE, "the agent is stopping");
            if (state.connected() && !routes.awaitClosed(Duration.ofMillis(BrokerUri.CLOSE_TIMEOUT_MILLIS))) {
                LOG.debug("streams still sending their last packet; closing the connection under them");
            }
            subscription.close(); // the publisher announces "down" (if it can) and ends
            state.close();
            if (p != null) {
                p.join(BrokerUri.CLOSE_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c != null) {
            try {
                c.close();
            } catch (JMSException e) {
                LOG.debug("closing the AMQP connection: {}", e.toString());
            }
        }
        workers.shutdownNow();
        connector.interrupt();
    }

    /** For the health check. */
    ConnectionState state() {
        return state;
    }

    /** Requests running now (for metrics). */
    int running() {
        ThreadPoolExecutor pool = workers;
        return pool == null ? 0 : pool.getActiveCount();
    }

    /** Data streams carried now (for metrics). */
    int streams() {
        return routes.size();
    }

    /** Requests waiting for a worker (for metrics). */
    int waiting() {
        ThreadPoolExecutor pool = workers;
        return pool == null ? 0 : pool.getQueue().size();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
