package io.hostbridge.binding.amqp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPort;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.qpid.jms.JmsSendTimedOutException;
import org.apache.qpid.jms.provider.exceptions.ProviderResourceAllocationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one stream's packets to its client go: bytes messages to the reply address of the call that opened it,
 * through a JMS session and a producer of the stream's own (a session is single-threaded, and the stream's thread
 * sends while the workers reply), at a priority below replies.
 *
 * <p>Back-pressure without blocking anyone else, and without a round trip per packet: up to {@link #WINDOW} packets
 * may be on their way to the broker at once (asynchronous sends, in order on the stream's own link). The broker
 * gives that link credit only while the reply address has room (its BLOCK policy), so a client that reads slowly
 * slows the stream, and one that stops reading stops it: a packet that waits for credit longer than the call's
 * timeout ({@code jms.sendTimeout}, amqp.requestTimeout) ends the stream with 5010, whose ERROR goes in at the end of
 * what waits for the client ({@link #sendError}). So the agent holds at most the window per stream, and the broker
 * what one reply address may hold plus a batch of credit.
 */
final class PacketPort implements StreamPort {
    private static final Logger LOG = LoggerFactory.getLogger(PacketPort.class);
    /**
     * Packets sent and not yet confirmed by the broker, per stream: 2 MiB, enough to keep the link busy across
     * the round trip to the broker, which a packet-by-packet confirmation (a round trip per 256 KiB) did not.
     */
    static final int WINDOW = 8;
    /** How often the ERROR is offered again to a reply address over its hard limit. */
    private static final long FULL_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AttachedStream stream;
    private final String streamId;
    private final CallStreams call;
    private final Destination to;
    private final StreamRoutes routes;
    private final ReentrantLock lock = new ReentrantLock();
    /** One permit per packet that may be on its way; a confirmation (or refusal) gives it back. */
    private final Semaphore window = new Semaphore(WINDOW);
    /** Why the broker refused a packet (the first such answer); the stream is over then. */
    private volatile Exception refused;
    private Session session;
    private MessageProducer producer;
    /** Packets found no room within the timeout: the ERROR does not wait for them. */
    private volatile boolean stalled;
    /** A final packet (OK or ERROR) went out, or the port is closed: nothing more may. */
    private boolean ended;

    PacketPort(AttachedStream stream, CallStreams call, Destination to, StreamRoutes routes) {
        this.stream = stream;
        this.streamId = stream.id();
        this.call = call;
        this.to = to;
        this.routes = routes;
    }

    String streamId() {
        return streamId;
    }

    @Override
    public void send(StreamPacket packet) throws IOException, InterruptedException {
        lock.lock();
        try {
            transmit(packet);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closed() {
        lock.lock();
        try {
            ended = true;
            closeSession();
        } finally {
            lock.unlock();
        }
        routes.closed(this);
    }

    /** Lock held. */
    private void transmit(StreamPacket packet) throws IOException, InterruptedException {
        if (ended) {
            throw new IOException("stream " + streamId + " has ended");
        }
        call.awaitReply();
        boolean last = packet.status() == StreamPacket.Status.OK || packet.status() == StreamPacket.Status.ERROR;
        if (last) {
            routes.remove(streamId); // before the client can see it: what it sends next is for no stream
        }
        long deadline = System.nanoTime() + call.timeout().toNanos();
        try {
            if (producer == null) {
                session = call.openSession();
                // on the reply address itself, not anonymous: the broker then gives this link credit only while the
                // address has room, so a slow reader holds the stream back here, in order
                producer = session.createProducer(to);
            }
            if (packet.status() == StreamPacket.Status.ERROR) {
                sendError(packet, deadline);
                ended = true;
                return;
            }
            if (!window.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw stalled(null);
            }
            checkRefused();
            Message message = Packets.write(session, streamId, packet);
            call.self().claim(message);
            producer.send(message, DeliveryMode.NON_PERSISTENT, Packets.PRIORITY, Outbox.REPLY_TTL_MILLIS,
                    new Answer());
            if (last) {
                // the stream's end: every packet must have reached the broker before it counts as sent
                if (!drained(deadline)) {
                    throw stalled(null);
                }
                checkRefused();
            }
        } catch (JmsSendTimedOutException e) {
            throw stalled(e); // no credit within jms.sendTimeout (amqp.requestTimeout): the address stayed full
        } catch (JMSException e) {
            // the session or connection is closed
            throw new IOException("stream " + streamId + ": " + e.getMessage(), e);
        }
        ended = last;
    }

    /**
     * The stream's ERROR, after the packets before it reached the broker, on an anonymous link: the broker lets
     * its messages in while the reply address is below its hard limit, so a client that stopped reading still finds
     * out why its stream ended once it reads again. Packets still waiting for room (the stream stalled) are dropped
     * with the stream's link first: none may follow the ERROR.
     */
    private void sendError(StreamPacket packet, long deadline) throws JMSException, IOException, InterruptedException {
        if (stalled || !drained(deadline)) {
            closeSession();
            session = call.openSession();
        }
        MessageProducer anonymous = session.createProducer(null);
        long until = System.nanoTime() + call.timeout().toNanos();
        while (true) {
            Confirmation confirmation = new Confirmation();
            Message message = Packets.write(session, streamId, packet);
            call.self().claim(message);
            anonymous.send(to, message, DeliveryMode.NON_PERSISTENT, Packets.PRIORITY, Outbox.REPLY_TTL_MILLIS,
                    confirmation);
            if (!confirmation.await(until - System.nanoTime())) {
                throw new IOException("stream " + streamId + ": the broker did not answer its ERROR");
            }
            Exception refusal = confirmation.refusal();
            if (refusal == null) {
                return;
            }
            // an address over its hard limit takes the ERROR once its client has read it down
            if (!addressFull(refusal) || System.nanoTime() + FULL_RETRY_NANOS > until) {
                throw new IOException("the broker refused the ERROR of stream " + streamId + ": "
                        + refusal.getMessage(), refusal);
            }
            TimeUnit.NANOSECONDS.sleep(FULL_RETRY_NANOS);
        }
    }

    /** Waits until the broker answered every packet sent; false when the deadline came first. */
    private boolean drained(long deadline) throws InterruptedException {
        if (!window.tryAcquire(WINDOW, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        window.release(WINDOW);
        return true;
    }

    private void checkRefused() throws IOException {
        Exception e = refused;
        if (e instanceof JmsSendTimedOutException) {
            throw stalled(e);
        }
        if (addressFull(e)) {
            throw overfull(e);
        }
        if (e != null) {
            // e.g. the reply address is gone: its client left
            throw new IOException("the broker refused a packet of stream " + streamId + ": " + e.getMessage(), e);
        }
    }

    /** The broker's answer to one packet, on the client library's thread. */
    private final class Answer implements CompletionListener {
        @Override
        public void onCompletion(Message message) {
            window.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            if (refused == null) {
                refused = exception;
            }
            window.release();
        }
    }

    /**
     * The broker refused a packet because the reply address holds more than it ever takes (its hard limit): the
     * client is there, but several streams send to the one address faster than it reads (each stream's link may
     * overshoot the address's soft limit by a batch of credit). The stream ends with 1100, and its ERROR goes in as
     * soon as the client has read the address below that limit ({@link #sendError}).
     */
    private IOException overfull(Exception cause) {
        stalled = true; // packets still on their way are dropped with the link: none may follow the ERROR
        stream.fail(ErrorCode.RESOURCE_EXHAUSTED, "Stream " + streamId + " aborted: its reply address held more than"
                + " the broker takes (several downloads on one reply address?); give each download a reply address of"
                + " its own and read it as the packets come");
        return new IOException("stream " + streamId + ": the broker refused a packet, its reply address is full",
                cause);
    }

    /** Whether the broker refused a message because its address was over its hard limit (it may take one later). */
    private static boolean addressFull(Throwable refusal) {
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t instanceof ResourceAllocationException || t instanceof ProviderResourceAllocationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The broker did not take the packet in time: the stream ends, and its client hears why if it ever reads on (the
     * bridge sends the ERROR through this port, see {@link #sendError}).
     */
    private IOException stalled(Exception cause) {
        stalled = true;
        stream.fail(ErrorCode.STREAM_TIMEOUT, "Stream " + streamId + " aborted: its packets found no room on the"
                + " reply address for " + call.timeout().toSeconds() + " s (read the reply address as the packets"
                + " come)");
        return new IOException("stream " + streamId + ": the broker did not take its packets within "
                + call.timeout(), cause);
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (JMSException e) {
                LOG.debug("stream {}: closing its session: {}", streamId, e.toString());
            }
            session = null;
            producer = null;
        }
    }
}
