package io.hostbridge.binding.amqp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.qpid.jms.JmsDestination;
import org.apache.qpid.jms.JmsSession;
import org.apache.qpid.jms.policy.JmsPrefetchPolicy;

/**
 * Qpid JMS' prefetch, with its own value for the session that takes stream packets: requests and packets share the
 * request address, so the URI's {@code jms.prefetchPolicy.queuePrefetch} cannot tell them apart. Packets are up to
 * 256 KiB each, so their prefetch is what bounds the packets the agent holds beyond the streams' own buffers.
 */
final class PacketPrefetch implements JmsPrefetchPolicy {
    /**
     * Packets the client library may hold ahead of the listener: 2 MiB. Enough to keep the link busy while the
     * listener hands one packet over; more only adds memory (see docs/amqp.md, flow control).
     */
    static final int PACKETS = 8;

    private final JmsPrefetchPolicy others;
    private final Set<JmsSession> packetSessions = ConcurrentHashMap.newKeySet();

    PacketPrefetch(JmsPrefetchPolicy others) {
        this.others = others;
    }

    /** Consumers created on {@code session} from now on take packets. */
    void forPackets(JmsSession session) {
        packetSessions.add(session);
    }

    @Override
    public int getConfiguredPrefetch(JmsSession session, JmsDestination destination, boolean durable, boolean browser) {
        return packetSessions.contains(session) ? PACKETS
                : others.getConfiguredPrefetch(session, destination, durable, browser);
    }

    @Override
    public JmsPrefetchPolicy copy() {
        return this; // one connection per factory: the agent's; it must see the sessions registered here
    }
}
