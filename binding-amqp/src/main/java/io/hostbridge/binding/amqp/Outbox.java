package io.hostbridge.binding.amqp;

import io.hostbridge.jsonrpc.JsonText;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Map;

/**
 * One JMS session's anonymous producer: sends JSON text messages to any destination. Like its session it is
 * used by one thread at a time. Everything it sends is NON_PERSISTENT: a reply or an event is worth nothing
 * after a broker restart, and persistence would make each send wait for the broker's disk.
 *
 * <p>Replies to many clients share this producer's one link, and Artemis tops up an anonymous link's credit only
 * while the address of its last message has room: a reply to a client whose reply address is full (it does not
 * read it, e.g. while a download fills it) would leave the link without credit, and the next reply — to anyone —
 * waiting for that client. So each reply waits for the broker's answer, and the link is replaced after a refusal
 * and before it ever needs a top-up ({@link #LINK_REPLIES}).
 */
final class Outbox {
    /** Replies sent on one link before it is replaced: fewer than any broker's credit minus its top-up mark. */
    static final int LINK_REPLIES = 8;

    /**
     * How long a reply may wait for its taker. A reply nobody took in that time has none: its manager went
     * away. Without a limit it would stay on the broker for ever (a reply to a temporary queue that is gone
     * even re-creates it as an ordinary queue).
     */
    static final long REPLY_TTL_MILLIS = 10 * 60 * 1000;

    private final Session session;
    private final Duration timeout;
    private final OwnUser self;
    private MessageProducer producer;
    private int sent;

    /**
     * @param timeout how long a reply may wait for the broker's answer
     * @param self    the user claimed on everything sent
     */
    Outbox(Session session, Duration timeout, OwnUser self) throws JMSException {
        this.session = session;
        this.timeout = timeout;
        this.self = self;
        this.producer = session.createProducer(null);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    }

    /** The reply to a request: correlated by the request's message id (when it had one). */
    void reply(Destination to, String correlationId, Object response) throws JMSException {
        send(to, correlationId, session.createTextMessage(JsonText.write(response)), Message.DEFAULT_PRIORITY);
    }

    /**
     * Any message, correlated, expiring as a reply does; returns once the broker took it.
     *
     * @throws JMSException the broker refused it (e.g. the address is full) or did not answer in time
     */
    void send(Destination to, String correlationId, Message message, int priority) throws JMSException {
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        self.claim(message);
        if (sent == LINK_REPLIES) {
            replaceLink();
        }
        sent++;
        Confirmation answer = new Confirmation();
        producer.send(to, message, DeliveryMode.NON_PERSISTENT, priority, REPLY_TTL_MILLIS, answer);
        JMSException refused = refusal(answer);
        if (refused != null) {
            replaceLink();
            throw refused;
        }
    }

    /** The broker's refusal, or null when it took the message in time. */
    private JMSException refusal(Confirmation answer) {
        try {
            if (!answer.await(timeout.toNanos())) {
                return new JMSException("no answer from the broker within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JMSException("interrupted");
        }
        Exception e = answer.refusal();
        if (e == null || e instanceof JMSException) {
            return (JMSException) e;
        }
        JMSException wrapped = new JMSException(e.getMessage());
        wrapped.setLinkedException(e);
        return wrapped;
    }

    private void replaceLink() throws JMSException {
        producer.close();
        producer = session.createProducer(null);
        sent = 0;
    }

    /** A notice (event, presence) with properties a consumer can select on. */
    void publish(Destination to, Object body, Map<String, Object> properties) throws JMSException {
        Message message = session.createTextMessage(JsonText.write(body));
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            message.setObjectProperty(p.getKey(), p.getValue());
        }
        self.claim(message);
        producer.send(to, message);
    }

    Session session() {
        return session;
    }
}
