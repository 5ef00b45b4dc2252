package io.hostbridge.binding.amqp;

import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.time.Duration;
import org.apache.qpid.jms.JmsConnectionListener;
import org.apache.qpid.jms.message.JmsInboundMessageDispatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the agent is connected to the broker, as Qpid JMS's failover reports it. Its callbacks run on the
 * client's own threads, so they only record and signal; the agent's threads act on it.
 */
final class ConnectionState implements JmsConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionState.class);

    private URI broker;
    private boolean connected;
    private String problem = "not connected yet";
    private long connections;
    private String consumerLost;
    /** The agent's consumers exist: its request address with them (a manager may not create it). */
    private boolean receiving;
    private boolean closed;
    private volatile Runnable onLost = () -> { };

    synchronized boolean connected() {
        return connected;
    }

    /** How many times the agent (re)connected: a change tells the publisher to announce itself again. */
    synchronized long connections() {
        return connections;
    }

    /** Connected, and receiving requests. */
    synchronized boolean healthy() {
        return connected && receiving && consumerLost == null && !closed;
    }

    /** The agent set up its consumers: requests sent now reach it (failover sets them up again by itself). */
    synchronized void receiving() {
        receiving = true;
    }

    /** A caller-safe sentence for the health check. */
    synchronized String describe() {
        if (closed) {
            return "the AMQP agent is stopped";
        }
        if (consumerLost != null) {
            return consumerLost;
        }
        if (connected && !receiving) {
            return "connected to " + broker + ", setting up its consumers";
        }
        return connected ? "connected to " + broker : problem;
    }

    /** What to do, on the client library's thread and without waiting, when the connection is lost. */
    void onLost(Runnable action) {
        onLost = action;
    }

    /** Setting up the connection failed for good (e.g. the broker refused the credentials). */
    synchronized void failed(String why) {
        connected = false;
        problem = why;
    }

    /** Waits until connected, at most {@code timeout} and not after {@link #close()}; true when connected. */
    synchronized boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connected && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return connected;
    }

    /** The agent is stopping: nobody should wait for a connection any more, and the agent is not healthy. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    @Override
    public void onConnectionEstablished(URI remote) {
        LOG.info("AMQP agent connected to {}", remote);
        up(remote);
    }

    @Override
    public void onConnectionRestored(URI remote) {
        LOG.info("AMQP agent reconnected to {}", remote);
        up(remote);
    }

    @Override
    public void onConnectionInterrupted(URI remote) {
        LOG.warn("AMQP agent lost the broker at {}; reconnecting", remote);
        down("connection to " + remote + " lost; reconnecting");
    }

    @Override
    public void onConnectionFailure(Throwable error) {
        LOG.error("AMQP agent's connection failed for good: {}", error.toString());
        down("connection failed: " + error.getMessage());
    }

    @Override
    public void onConsumerClosed(MessageConsumer consumer, Throwable cause) {
        // only the broker closes our consumer this way, e.g. when an operator deletes the request queue
        LOG.error("the broker closed the AMQP request consumer: {}; no requests are received until the agent "
                + "restarts", cause == null ? "no reason given" : cause.getMessage());
        synchronized (this) {
            consumerLost = "the broker closed the request consumer; restart the agent";
        }
    }

    @Override
    public void onSessionClosed(Session session, Throwable cause) {
        LOG.warn("the broker closed an AMQP session: {}", cause == null ? "no reason given" : cause.getMessage());
    }

    @Override
    public void onProducerClosed(MessageProducer producer, Throwable cause) {
        LOG.warn("the broker closed an AMQP producer: {}", cause == null ? "no reason given" : cause.getMessage());
    }

    @Override
    public void onInboundMessage(JmsInboundMessageDispatch envelope) {
        // messages are handled by the request listener
    }

    private synchronized void up(URI remote) {
        broker = remote;
        connected = true;
        connections++;
        notifyAll();
    }

    private void down(String why) {
        failed(why);
        onLost.run();
    }
}
