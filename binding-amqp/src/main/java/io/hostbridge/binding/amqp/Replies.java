package io.hostbridge.binding.amqp;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers' way to answer: one {@link Outbox} (hence one JMS session) per worker, lent for one send, since
 * a session must not be used by two threads at once. With as many outboxes as workers, none ever waits.
 */
final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final BlockingQueue<Outbox> idle;

    Replies(List<Outbox> outboxes) {
        this.idle = new ArrayBlockingQueue<>(outboxes.size(), false, outboxes);
    }

    /** @return whether the reply went out */
    boolean send(Destination to, String correlationId, Object response) {
        Outbox outbox;
        try {
            outbox = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the agent is stopping
            return false;
        }
        try {
            outbox.reply(to, correlationId, response);
            return true;
        } catch (JMSException | RuntimeException e) {
            LOG.warn("reply to {} lost: {}", correlationId, e.toString());
            return false;
        } finally {
            idle.add(outbox);
        }
    }
}
