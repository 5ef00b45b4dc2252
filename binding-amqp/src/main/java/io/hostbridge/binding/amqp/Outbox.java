package io.hostbridge.binding.amqp;

import io.hostbridge.jsonrpc.JsonText;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Map;

/**
 * One JMS session's anonymous producer: sends JSON text messages to any destination. Like its session it is
 * used by one thread at a time. Everything it sends is NON_PERSISTENT: a reply or an event is worth nothing
 * after a broker restart, and persistence would make each send wait for the broker's disk.
 */
final class Outbox {
    /**
     * How long a reply may wait for its taker. A reply nobody took in that time has none: its manager went
     * away. Without a limit it would stay on the broker for ever (a reply to a temporary queue that is gone
     * even re-creates it as an ordinary queue).
     */
    static final long REPLY_TTL_MILLIS = 10 * 60 * 1000;

    private final Session session;
    private final MessageProducer producer;

    Outbox(Session session) throws JMSException {
        this.session = session;
        this.producer = session.createProducer(null);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    }

    /** The reply to a request: correlated by the request's message id (when it had one). */
    void reply(Destination to, String correlationId, Object response) throws JMSException {
        TextMessage message = session.createTextMessage(JsonText.write(response));
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        producer.send(to, message, DeliveryMode.NON_PERSISTENT, Message.DEFAULT_PRIORITY, REPLY_TTL_MILLIS);
    }

    /** Any message, correlated, expiring as a reply does. */
    void send(Destination to, String correlationId, Message message, int priority) throws JMSException {
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        producer.send(to, message, DeliveryMode.NON_PERSISTENT, priority, REPLY_TTL_MILLIS);
    }

    /** A notice (event, presence) with properties a consumer can select on. */
    void publish(Destination to, Object body, Map<String, Object> properties) throws JMSException {
        Message message = session.createTextMessage(JsonText.write(body));
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        producer.send(to, message);
    }

    Session session() {
        return session;
    }
}
