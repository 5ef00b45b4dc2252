package io.hostbridge.binding.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.time.Duration;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A cluster manager as the agent sees one: a Qpid JMS client sending requests and reading replies. The test broker
 * has no security, so the manager stamps its user on its requests itself, as a secure broker would.
 */
final class Manager implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final Destination requests;
    private final Destination replyTo;
    private final MessageConsumer replies;
    /** The user stamped on requests, or null for none. */
    private String user = "manager";

    /** @param replyQueue a fixed reply queue, or null for a temporary one */
    Manager(String url, String hostId, String replyQueue) throws JMSException {
        connection = new JmsConnectionFactory(url).createConnection();
        connection.start();
        session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(null);
        requests = session.createQueue(Addresses.forHost(hostId).requests());
        replyTo = replyQueue == null ? session.createTemporaryQueue() : session.createQueue(replyQueue);
        replies = session.createConsumer(replyTo);
    }

    /** Like a manager that must ride out broker restarts. */
    static Manager failover(String url, String hostId, String replyQueue) throws JMSException {
        return new Manager("failover:(" + url + ")?failover.reconnectDelay=50&failover.maxReconnectDelay=200"
                + "&failover.useReconnectBackOff=true", hostId, replyQueue);
    }

    Session session() {
        return session;
    }

    /** The address the agent answers to. */
    String replyAddress() throws JMSException {
        return ((jakarta.jms.Queue) replyTo).getQueueName();
    }

    /** Sends a JSON-RPC text request with a reply address; returns its message id. */
    String send(String json) throws JMSException {
        return send(session.createTextMessage(json));
    }

    /** Stamps {@code name} on later requests (null: nothing, as from a broker that does not say who sent them). */
    Manager as(String name) {
        this.user = name;
        return this;
    }

    String send(Message message) throws JMSException {
        if (user != null) {
            message.setStringProperty(RequestListener.VALIDATED_USER, user);
        }
        message.setJMSReplyTo(replyTo);
        producer.send(requests, message);
        return message.getJMSMessageID();
    }

    /**
     * Sends a stream packet to the request address, stamped like a request, with the manager's reply address:
     * {@code seq} null leaves the property out, {@code extra} adds (or with a null value, removes) properties.
     */
    String packet(String streamId, String status, Long seq, byte[] data, java.util.Map<String, Object> extra)
            throws JMSException {
        jakarta.jms.BytesMessage m = session.createBytesMessage();
        if (streamId != null) {
            m.setStringProperty("stream", streamId);
        }
        m.setStringProperty("status", status);
        if (seq != null) {
            m.setLongProperty("seq", seq);
        }
        for (java.util.Map.Entry<String, Object> e : extra.entrySet()) {
            m.setObjectProperty(e.getKey(), e.getValue());
        }
        if (data != null) {
            m.writeBytes(data);
        }
        return send(m);
    }

    /** The next message on the reply address, reply or packet. */
    Message next(Duration timeout) throws JMSException {
        Message m = replies.receive(timeout.toMillis());
        if (m == null) {
            throw new AssertionError("nothing on the reply address within " + timeout);
        }
        return m;
    }

    /** Sends without a reply address. */
    void sendWithoutReplyTo(String json) throws JMSException {
        TextMessage message = session.createTextMessage(json);
        if (user != null) {
            message.setStringProperty(RequestListener.VALIDATED_USER, user);
        }
        producer.send(requests, message);
    }

    /** Replies that arrived while {@link #call} waited for another one, oldest first. */
    final java.util.List<TextMessage> stale = new java.util.ArrayList<>();

    TextMessage reply(Duration timeout) throws JMSException {
        Message m = replies.receive(timeout.toMillis());
        if (m == null) {
            throw new AssertionError("no reply within " + timeout);
        }
        return (TextMessage) m;
    }

    /** Nothing further arrives within {@code quiet}. */
    Message pollReply(Duration quiet) throws JMSException {
        return replies.receive(quiet.toMillis());
    }

    /** Sends a request and returns the reply's body, checking its correlation. */
    JsonNode call(String method, String params) throws JMSException, IOException {
        String id = send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":7}");
        while (true) {
            TextMessage reply = reply(Duration.ofSeconds(10));
            if (id.equals(reply.getJMSCorrelationID())) {
                return JSON.readTree(reply.getText());
            }
            // as a real manager does: a late answer to an earlier request is not this call's reply
            stale.add(reply);
        }
    }

    static JsonNode json(Message message) throws JMSException, IOException {
        return JSON.readTree(((TextMessage) message).getText());
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
