package io.hostbridge.binding.amqp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPort;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.qpid.jms.JmsSendTimedOutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one stream's packets to its client go: bytes messages to the reply address of the call that opened it,
 * through a JMS session of the stream's own (a session is single-threaded, and the stream's thread sends while the
 * workers reply), at a priority below replies.
 *
 * <p>Back-pressure without blocking anyone else: each packet waits for the broker to take it before the next goes,
 * on the stream's own link. A reply address that holds as much as the broker allows refuses the packet (and gives
 * the link no more credit until it has room); the port tries again, backing off, until the address has room — the
 * client read some — or the call's timeout passed without any: then the stream ends with 5010 (the client does not
 * read its reply address; the ERROR, too, waits for room). So the agent holds one packet per stream, and the broker
 * at most its limit per reply address.
 */
final class PacketPort implements StreamPort {
    private static final Logger LOG = LoggerFactory.getLogger(PacketPort.class);
    private static final long FIRST_BACKOFF_MILLIS = 5;
    private static final long MAX_BACKOFF_MILLIS = 100;

    private final AttachedStream stream;
    private final String streamId;
    private final CallStreams call;
    private final Destination to;
    private final StreamRoutes routes;
    private final ReentrantLock lock = new ReentrantLock();
    private Session session;
    private MessageProducer producer;
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
        long backoff = FIRST_BACKOFF_MILLIS;
        try {
            if (producer == null) {
                session = call.openSession();
                // anonymous, as replies are: a full reply address refuses the packet (FAIL), and the loop below waits
                producer = session.createProducer(null);
            }
            while (true) {
                Confirmation confirmation = new Confirmation();
                producer.send(to, Packets.write(session, streamId, packet), DeliveryMode.NON_PERSISTENT,
                        Packets.PRIORITY, Outbox.REPLY_TTL_MILLIS, confirmation);
                if (!confirmation.await(deadline - System.nanoTime())) {
                    throw stalled(null);
                }
                Exception refused = confirmation.refusal();
                if (refused == null) {
                    break;
                }
                if (!(refused instanceof ResourceAllocationException)) {
                    // e.g. the reply address is gone: its client left
                    throw new IOException("the broker refused a packet of stream " + streamId + ": "
                            + refused.getMessage(), refused);
                }
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) - deadline > 0) {
                    throw stalled(null);
                }
                // the reply address is full: give its client time to read (the broker also gives this stream's
                // link no credit until the address has room, so the next send may wait in the client library)
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
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
     * The broker did not take the packet in time: the stream ends, and its client hears why if it ever reads on (the
     * bridge sends the ERROR through this port: it too waits for room).
     */
    private IOException stalled(Exception cause) {
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
