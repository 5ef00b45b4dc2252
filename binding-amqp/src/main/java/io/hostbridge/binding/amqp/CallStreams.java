package io.hostbridge.binding.amqp;

import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamPort;
import io.hostbridge.bridge.stream.StreamPorts;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request's offer to carry the streams its call opens: they are routed by the table, owned by the request's
 * validated user, and their packets go to the request's reply address — but only once the call's reply has gone
 * there ({@link #replied}), so that the client learns the streamId before it sees a packet.
 */
final class CallStreams implements StreamPorts {
    /** Opens a JMS session on the agent's connection, for one stream's packets. */
    @FunctionalInterface
    interface Sessions {
        Session open() throws JMSException;
    }

    private final StreamRoutes routes;
    private final Sessions sessions;
    private final Duration timeout;
    private final OwnUser self;
    private final String user;
    private final Destination replyTo;
    private final CountDownLatch reply = new CountDownLatch(1);
    private final List<StreamRoutes.Route> attached = new CopyOnWriteArrayList<>();
    private volatile boolean replySent;

    /**
     * @param timeout how long a packet may wait for the call's reply, for the broker to take it, or for room
     * @param self    the user the agent claims on the packets it sends
     * @param user    the validated broker user of the request, or null for none
     * @param replyTo where the call's reply and its streams' packets go, or null for nowhere
     */
    CallStreams(StreamRoutes routes, Sessions sessions, Duration timeout, OwnUser self, String user,
                Destination replyTo) {
        this.routes = routes;
        this.sessions = sessions;
        this.timeout = timeout;
        this.self = self;
        this.user = user;
        this.replyTo = replyTo;
    }

    @Override
    public StreamPort attach(AttachedStream stream) {
        // nothing here may fail: the bridge has opened the stream and counts on a port; the session comes later
        PacketPort port = new PacketPort(stream, this, replyTo, routes);
        StreamRoutes.Route route = new StreamRoutes.Route(stream, user, port);
        attached.add(route);
        routes.add(route);
        return port;
    }

    /**
     * The call's reply went out ({@code sent}), or will not: its streams' packets may follow now; or nobody knows
     * the streams' ids (no reply-to, a notification, a lost reply), and they end at once, silently.
     */
    void replied(boolean sent) {
        replySent = sent;
        reply.countDown();
        if (!sent) {
            for (StreamRoutes.Route route : attached) {
                routes.remove(route.stream().id());
                route.stream().detach();
            }
        }
    }

    /** Waits until the call's reply went out. */
    void awaitReply() throws IOException, InterruptedException {
        if (!reply.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("the call's reply was not sent within " + timeout);
        }
        if (!replySent) {
            throw new IOException("the call's reply was not sent: its client does not know the stream");
        }
    }

    Session openSession() throws JMSException {
        return sessions.open();
    }

    Duration timeout() {
        return timeout;
    }

    OwnUser self() {
        return self;
    }
}
