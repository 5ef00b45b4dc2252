package io.hostbridge.bench;

import io.hostbridge.binding.amqp.AmqpAgent;
import io.hostbridge.binding.amqp.AmqpSettings;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Event fan-out for bench/protocols.sh: the AMQP binding's agent over an event bus of its own, publishing
 * to N subscribers of {@code hostbridge.events.<hostId>} through a broker. The bus is fed as fast as the
 * slowest subscriber takes events, with at most {@value PacedPublisher#IN_FLIGHT} published and not yet received by it
 * (under the agent's bus queue, so nothing should be dropped), for RUN_S seconds. Prints the rate the
 * slowest subscriber received at (the sustained fan-out rate), the deliveries per second over all
 * subscribers, and how many events the slowest one never got (the bus drops events for a subscriber that
 * falls behind, and says so with a gap, rather than slowing the publisher).
 *
 * <p>The subscribers use {@code URL} (the embedded broker's plain loopback listener, {@code amqp.insecure}); the
 * publishing agent logs in on {@code AGENT_URL} (its AMQPS listener) with the host certificate under
 * {@code PKI_DIR}, as only the agent may publish events.
 *
 * <pre>AmqpFanout URL SUBSCRIBERS RUN_S AGENT_URL PKI_DIR</pre>
 */
public final class AmqpFanout {
    private AmqpFanout() {
    }

    public static void main(String[] args) {
        JmsMain.run(AmqpFanout::run, args);
    }

    private static void run(String[] args) throws Exception {
        String url = args[0];
        int subscribers = Integer.parseInt(args[1]);
        long runNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        String hostId = UUID.randomUUID().toString();
        EventBus bus = new InMemoryEventBus(hostId, EventBusSettings.defaults(), new InMemorySequenceAllocator(),
                Clock.systemUTC());
        Bridge bridge = Bridge.builder().model(ApiModel.read("0.1.0", List.of())).events(bus).build();
        AmqpAgent agent = new AmqpAgent(bridge, new AmqpSettings(args[3], "", "", 8, 10, 1 << 20,
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(5)),
                HostPki.open(PkiSettings.own(Path.of(args[4]))));

        // subscribers share at most 10 connections (a Qpid JMS connection has an I/O thread and buffers of its
        // own); each subscriber has a session and a consumer, and takes at most 100 messages ahead
        JmsConnectionFactory factory = new JmsConnectionFactory(url + "?jms.prefetchPolicy.topicPrefetch=100");
        int connectionCount = Math.min(subscribers, 10);
        AtomicLong[] received = new AtomicLong[subscribers];
        AtomicLong[] lastAt = new AtomicLong[subscribers];
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            AtomicLong count = received[i] = new AtomicLong();
            AtomicLong last = lastAt[i] = new AtomicLong();
            if (connections.size() < connectionCount) {
                connections.add(factory.createConnection());
            }
            Connection connection = connections.get(i % connectionCount);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("hostbridge.events." + hostId)).setMessageListener(m -> {
                try {
                    if (m instanceof TextMessage t && t.getText().contains("\"bench.tick\"")) {
                        // count the events of the measured run only, not those that woke the agent up
                        if (!t.getText().contains("\"n\":-1")) {
                            count.incrementAndGet();
                        }
                        last.set(System.nanoTime());
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Connection connection : connections) {
            connection.start();
        }
        agent.start();
        // the agent connects in the background: publish until every subscriber has seen an event
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (PacedPublisher.minimum(lastAt) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no event reached every subscriber within 30 s");
            }
            bus.publish("bench.tick", "bench", Map.of("n", -1));
            Thread.sleep(10);
        }
        PacedPublisher.Run run = PacedPublisher.publish(bus, "bench.tick", "bench", "n", runNanos, received, lastAt);
        long published = run.published();
        long start = run.start();
        long publishNanos = run.publishNanos();
        long minReceived = PacedPublisher.minimum(received);
        double seconds = (PacedPublisher.newest(lastAt) - start) / 1e9;
        System.out.printf("hostbridge-fanout subscribers=%d published=%d published_per_s=%.0f min_received=%d "
                        + "min_received_per_s=%.0f deliveries_per_s=%.0f lost=%d%n", subscribers, published,
                published / (publishNanos / 1e9), minReceived, minReceived / seconds,
                subscribers * minReceived / seconds, published - minReceived);
        agent.stop();
        for (Connection c : connections) {
            c.close();
        }
        System.exit(0);
    }


}
