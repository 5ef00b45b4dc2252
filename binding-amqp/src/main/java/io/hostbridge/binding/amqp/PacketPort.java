package io.hostbridge.binding.amqp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPort;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one stream's packets to its client go: bytes messages to the reply address of the call that opened it,
 * through a JMS session of the stream's own (a session is single-threaded, and the stream's thread sends while the
 * workers reply), at a priority below replies.
 *
 * <p>Bounded both ways: at most {@link #WINDOW} packets the broker has not confirmed yet (so the agent holds little,
 * and a broker that refuses a packet — its memory full — aborts the stream at once), and no wait longer than the
 * call's timeout, for the reply, for the broker's confirmation or for its credit: a client whose reply address
 * takes no more is an {@link IOException}, never a thread stuck for ever.
 *
 * <p>The binding may end a stream itself ({@link #failLater}, e.g. for a packet it cannot read): the ERROR then goes
 * out as the stream's last packet, numbered after what the stream sent, once the stream's thread let go of the port.
 */
final class PacketPort implements StreamPort {
    private static final Logger LOG = LoggerFactory.getLogger(PacketPort.class);
    /** Packets sent but not yet confirmed by the broker. */
    static final int WINDOW = 4;

    private final String streamId;
    private final CallStreams call;
    private final Destination to;
    private final StreamRoutes routes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore window = new Semaphore(WINDOW);
    private final CompletionListener confirmations = new Confirmations();
    private Session session;
    private MessageProducer producer;
    private long nextSeq;
    /** A final packet (OK or ERROR) went out, or the port is closed: nothing more may. */
    private boolean ended;
    private volatile Exception refused;
    private volatile StreamPacket failure;

    PacketPort(String streamId, CallStreams call, Destination to, StreamRoutes routes) {
        this.streamId = streamId;
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

    /** The binding ends the stream: this ERROR is its last packet (unless the stream already sent its own). */
    void failLater(int code, String message) {
        if (failure == null) {
            failure = StreamPacket.error(0, code, message);
        }
    }

    @Override
    public void closed() {
        lock.lock();
        try {
            StreamPacket f = failure;
            if (f != null && !ended) {
                transmit(StreamPacket.error(nextSeq, f.code(), f.message()));
            }
            // the last packets must reach the broker before the session goes
            if (session != null && !window.tryAcquire(WINDOW, call.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("stream {}: the broker did not confirm the last packets", streamId);
            }
        } catch (IOException e) {
            LOG.debug("stream {}: its ERROR was not delivered: {}", streamId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
            closeSession();
            lock.unlock();
            routes.closed(this);
        }
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
        try {
            if (producer == null) {
                session = call.openSession();
                producer = session.createProducer(to);
            }
            checkRefused();
            if (!window.tryAcquire(call.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw stalled(null);
            }
            Message message = Packets.write(session, streamId, packet);
            try {
                // waits while the broker gives no credit: the reply address is full (its client does not read it)
                producer.send(message, DeliveryMode.NON_PERSISTENT, Packets.PRIORITY, Outbox.REPLY_TTL_MILLIS,
                        confirmations);
            } catch (JMSException | RuntimeException e) {
                window.release();
                throw e;
            }
        } catch (JMSException e) {
            // no credit in time, the session or connection is closed, or the reply address is gone
            throw stalled(e);
        }
        nextSeq = packet.seq() + 1;
        ended = last;
    }

    /**
     * The broker did not take the packets in time: its client should hear why if it ever reads on (the ERROR waits
     * for room like any packet, once the stream's thread is done).
     */
    private IOException stalled(JMSException cause) {
        failLater(ErrorCode.RESOURCE_EXHAUSTED.code(), "Stream " + streamId + " aborted: its packets found no room on"
                + " the reply address for " + call.timeout().toSeconds() + " s (read the reply address as the packets"
                + " come)");
        return new IOException("stream " + streamId + ": the broker did not take its packets within "
                + call.timeout() + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }

    private void checkRefused() throws IOException {
        Exception e = refused;
        if (e != null) {
            throw new IOException("the broker refused a packet of stream " + streamId + ": " + e.getMessage(), e);
        }
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

    /** On the client library's thread: only counts. */
    private final class Confirmations implements CompletionListener {
        @Override
        public void onCompletion(Message message) {
            window.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            refused = exception;
            window.release();
        }
    }
}
