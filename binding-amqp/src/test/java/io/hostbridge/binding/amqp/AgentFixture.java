package io.hostbridge.binding.amqp;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Caller;
import io.hostbridge.bridge.Peer;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.stream.StreamLimits;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The AMQP agent over a real bridge with the {@link ProbeApi} namespace, as the agent would run it. Its
 * authenticator trusts what a broker stamps ({@link Manager} stamps it itself, as the test broker does not): a
 * broker user is an admin, anyone else may do nothing.
 */
final class AgentFixture implements AutoCloseable {
    /** A fresh host id, so no test sees another's queue. */
    final String hostId = UUID.randomUUID().toString();
    final ProbeService probe = new ProbeService();
    final EventBus bus;
    final AmqpAgent agent;
    final AmqpHealthCheck health;
    /** What the transport said of the last caller. */
    final AtomicReference<Peer> lastPeer = new AtomicReference<>();

    AgentFixture(String url, int workers, int queueSize, int subscriberQueue) {
        this(url, workers, queueSize, subscriberQueue, StreamLimits.DEFAULTS);
    }

    AgentFixture(String url, int workers, int queueSize, int subscriberQueue, StreamLimits limits) {
        this(url, settings(url, workers, queueSize), subscriberQueue, limits);
    }

    AgentFixture(String url, AmqpSettings settings, int subscriberQueue, StreamLimits limits) {
        bus = new InMemoryEventBus(hostId, EventBusSettings.defaults(), new InMemorySequenceAllocator(), Clock.systemUTC());
        Bridge bridge = Bridge.builder().model(ApiModel.read("0.1.0", List.of(ProbeApi.class)))
                .implementation(Implementation.of(ProbeApi.class, probe)).events(bus).subscriberQueue(subscriberQueue)
                .authenticator(this::authenticate).streamLimits(limits).build();
        agent = new AmqpAgent(bridge, settings);
        health = new AmqpHealthCheck(agent);
    }

    private Caller authenticate(Transport transport) {
        lastPeer.set(transport.peer());
        return transport.peer() instanceof Peer.BrokerUser user ? new Caller(user.name(), AccessLevel.ADMIN)
                : new Caller("anonymous", transport.peer() instanceof Peer.Agent ? AccessLevel.ADMIN : AccessLevel.NONE);
    }

    AgentFixture(String url) {
        this(url, 4, 4, 1000);
    }

    static AmqpSettings settings(String url, int workers, int queueSize) {
        return settings(url, workers, queueSize, Duration.ofSeconds(10));
    }

    /** @param requestTimeout the longest wait for the broker, a stream's packet's among them */
    static AmqpSettings settings(String url, int workers, int queueSize, Duration requestTimeout) {
        return new AmqpSettings(url, "", "", workers, queueSize, 4096, Duration.ofSeconds(30), requestTimeout,
                Duration.ofMillis(50), Duration.ofMillis(200));
    }

    AgentFixture start() {
        agent.start();
        return this;
    }

    /**
     * Waits until the agent is connected and receiving (healthy), or fails. Its consumers deliver from the moment the
     * connection starts, a moment before the agent records that it receives: a test that asserts health after a
     * first reply waits for both.
     */
    AgentFixture awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!agent.state().awaitConnected(timeout)) {
            throw new AssertionError("agent not connected within " + timeout + ": " + health.check().message());
        }
        while (!health.check().healthy()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("agent not receiving within " + timeout + ": " + health.check().message());
            }
            Thread.sleep(5);
        }
        return this;
    }

    @Override
    public void close() {
        agent.stop();
    }
}
