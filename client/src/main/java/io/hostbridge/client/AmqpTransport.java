package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Calls as JSON-RPC 2.0 requests to the host's request address {@code hostbridge.host.<hostId>}, answered on a
 * temporary queue of this client's, and events from {@code hostbridge.events.<hostId>} (docs/amqp.md), with Qpid JMS.
 * Replies are matched to calls by their JSON-RPC id.
 */
final class AmqpTransport implements ClientTransport {
    private final Connection connection;
    private final Session session;
    private final MessageProducer requests;
    private final TemporaryQueue replies;
    private final String hostId;
    private final Duration timeout;
    private final PendingCalls pending = new PendingCalls();

    private AmqpTransport(Connection connection, String hostId, Duration timeout) throws JMSException {
        this.connection = connection;
        this.hostId = hostId;
        this.timeout = timeout;
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.requests = session.createProducer(session.createQueue("hostbridge.host." + hostId));
        this.replies = session.createTemporaryQueue();
        session.createConsumer(replies).setMessageListener(message -> {
            try {
                pending.answer(Codec.JSON.readTree(((TextMessage) message).getText()));
            } catch (JMSException | IOException | ClassCastException e) {
                // not a reply of ours: nothing waits for it
            }
        });
        connection.start();
    }

    static AmqpTransport connect(URI broker, String hostId, SSLContext ssl, Duration timeout) {
        UUID.fromString(hostId); // a host id is a UUID: refuse anything else before it names an address
        JmsConnectionFactory factory = new JmsConnectionFactory(broker.toString());
        factory.setSslContext(ssl);
        try {
            return new AmqpTransport(factory.createConnection(), hostId, timeout);
        } catch (JMSException e) {
            throw HostbridgeException.transport("Could not connect to the broker at " + broker + ": " + e.getMessage(), e);
        }
    }

    @Override
    public JsonNode call(String verb, ObjectNode params) {
        String id = UUID.randomUUID().toString();
        ObjectNode request = JsonRpc.request(verb, id, params);
        return pending.call(verb, id, timeout, () -> {
            synchronized (session) { // a JMS session is used by one thread at a time
                TextMessage message = session.createTextMessage(request.toString());
                message.setJMSReplyTo(replies);
                requests.send(message);
            }
        });
    }

    /**
     * Events: the live ones from the host's events address, after those the agent still holds past
     * {@code afterSeq} ({@code Host.getEvents}), each delivered once, in order of sequence number.
     */
    @Override
    public Subscription subscribe(String topics, Long afterSeq, Consumer<Event> listener) {
        TopicPatterns patterns = TopicPatterns.of(topics);
        BlockingQueue<Event> live = new LinkedBlockingQueue<>();
        Session events;
        try {
            events = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = events.createConsumer(events.createTopic("hostbridge.events." + hostId));
            consumer.setMessageListener(message -> {
                try {
                    Event event = Event.of(Codec.JSON.readTree(((TextMessage) message).getText()));
                    if (event.topic().equals("gap") || patterns.matches(event.topic())) {
                        live.add(event);
                    }
                } catch (JMSException | IOException | ClassCastException e) {
                    // not an event envelope: skipped
                }
            });
        } catch (JMSException e) {
            throw HostbridgeException.transport("Could not subscribe to the host's events: " + e.getMessage(), e);
        }
        AmqpSubscription subscription = new AmqpSubscription(events, afterSeq, listener);
        return subscription.start(() -> subscription.deliver(topics, live));
    }

    private final class AmqpSubscription extends BaseSubscription {
        private final Session events;
        private volatile Thread thread;

        AmqpSubscription(Session events, Long afterSeq, Consumer<Event> listener) {
            super(afterSeq, listener);
            this.events = events;
        }

        void deliver(String topics, BlockingQueue<Event> live) {
            thread = Thread.currentThread();
            try {
                if (lastSeq() != null) {
                    ObjectNode params = Codec.JSON.createObjectNode().put("afterSeq", lastSeq()).put("topics", topics)
                            .put("limit", 10_000);
                    for (JsonNode envelope : call("Host.getEvents", params).path("events")) {
                        deliver(Event.of(envelope));
                    }
                }
                while (!closed()) {
                    Event event = live.poll(1, TimeUnit.SECONDS);
                    if (event != null) {
                        deliver(event);
                    }
                }
            } catch (HostbridgeException e) {
                fail(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            super.close();
            try {
                events.close();
            } catch (JMSException e) {
                // the connection is going anyway
            }
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            throw HostbridgeException.transport("Could not close the broker connection", e);
        }
    }
}
