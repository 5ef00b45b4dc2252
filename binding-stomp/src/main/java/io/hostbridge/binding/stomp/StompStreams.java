package io.hostbridge.binding.stomp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPort;
import io.hostbridge.bridge.stream.StreamPorts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data streams of one STOMP connection (libvirt's streams, carried as frames): a stream verb called on the
 * connection attaches its stream here; the client's packets are SEND frames to {@link #DESTINATION}, handed to
 * their stream in order; the agent's packets are MESSAGE frames to the connection's subscriptions of the call's
 * {@code reply-to}, written only after the call's reply and only while the client reads (at most {@link #WINDOW}
 * bytes unread, for at most the write time-out).
 *
 * <p>The connection's reads are decoded on the listener's selector thread, which serves many connections and must
 * never wait, while a stream may make its packets wait (for room in its buffer, up to the bridge's stall time-out):
 * packets reach their streams through a {@link PacketInbox}.
 */
final class StompStreams {
    /** Where clients send stream packets. */
    static final String DESTINATION = "jms.topic.hostbridge_streams";
    /** Unread bytes on the connection beyond which a stream waits before it writes its next packet. */
    static final long WINDOW = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(StompStreams.class);

    private final StompSession session;
    private final Wire wire;
    private final long timeoutNanos;
    private final PacketInbox inbox;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    StompStreams(StompSession session, Wire wire, Duration writeTimeout, Executor packetThreads) {
        this.session = session;
        this.wire = wire;
        this.timeoutNanos = writeTimeout.toNanos();
        this.inbox = new PacketInbox(wire, packetThreads, this::handle, session::readsResumed);
    }

    /** Whether a frame is a stream packet from the client. */
    static boolean isPacket(String command, Map<String, String> headers) {
        return "SEND".equals(command) && DESTINATION.equals(headers.get("destination"));
    }

    /** The offer made with one call: streams its verbs open flow here, answered to {@code replyTo}. */
    Call call(String replyTo) {
        return new Call(replyTo);
    }

    /** Whether the connection is not read because packets wait: its client's silence then is not its own. */
    boolean holdsReads() {
        return inbox.holdsReads();
    }

    /** A packet from the client, from the connection's read path: to {@link #handle}, in order, off that path. */
    void received(Frame frame) {
        inbox.add(frame);
    }

    /**
     * A packet to its stream, which may wait for room in its buffer (at most the bridge's stall time-out). A packet
     * for no stream of this connection is answered with ERROR 5007 to the subscriptions of its own {@code reply-to}
     * (an ERROR for no stream is dropped: the stream may have ended while the client aborted it).
     */
    private void handle(Frame frame) {
        String id = frame.header("stream");
        Link link = id == null ? null : links.get(id);
        if (link == null) {
            if (!"error".equals(frame.header("status"))) {
                String replyTo = frame.header("reply-to") == null ? StompSession.DEFAULT_REPLY_TO
                        : frame.header("reply-to");
                String message = id == null ? "a packet needs a 'stream' header"
                        : "No such stream: '" + FrameDecoder.printable(id) + "' (it ended, or this connection did"
                        + " not open it)";
                session.deliver(replyTo, packetHeaders(id == null ? "" : id,
                        StreamPacket.error(0, ErrorCode.NO_SUCH_STREAM.code(), message)), ByteBuffer.allocate(0));
            }
            return;
        }
        StreamPacket packet;
        try {
            packet = PacketHeaders.decode(frame, link.stream.id());
        } catch (PacketHeaders.BadPacket e) {
            forget(link);
            link.stream.fail(e.code(), e.getMessage()); // the bridge sends the ERROR, after what is under way
            return;
        }
        if (packet.status() == StreamPacket.Status.ERROR) {
            forget(link); // the client is done with it: anything more it sends for it is answered 5007
        }
        link.stream.receive(packet);
    }

    /** The connection is gone: every stream on it is detached (aborted, and told nothing more). */
    void closed() {
        closed = true;
        inbox.close();
        for (Link link : new ArrayList<>(links.values())) {
            forget(link);
            link.stream.detach();
        }
    }

    private void forget(Link link) {
        links.remove(link.stream.id(), link);
    }

    private static Map<String, String> packetHeaders(String streamId, StreamPacket packet) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put("stream", streamId);
        headers.put("status", packet.status().wireName());
        headers.put("seq", Long.toString(packet.seq()));
        if (packet.status() == StreamPacket.Status.HOLE) {
            headers.put("length", Long.toString(packet.holeLength()));
        } else if (packet.status() == StreamPacket.Status.ERROR) {
            headers.put("code", Integer.toString(packet.code()));
            headers.put("message", packet.message() == null ? "" : packet.message());
        }
        return headers;
    }

    /** One call's offer: links the streams it opens, and holds their packets until the call's reply is out. */
    final class Call implements StreamPorts {
        private final String replyTo;
        private final CountDownLatch replied = new CountDownLatch(1);

        private Call(String replyTo) {
            this.replyTo = replyTo;
        }

        @Override
        public StreamPort attach(AttachedStream stream) {
            Link link = new Link(stream, replyTo, replied);
            links.put(stream.id(), link);
            if (closed) { // the connection went while the call ran
                forget(link);
                stream.detach();
            }
            return link;
        }

        /** The call's reply is written (or will never be): its streams' packets may follow. */
        void replied() {
            replied.countDown();
        }
    }

    /** One stream's way out: the port the bridge's stream thread sends through. */
    private final class Link implements StreamPort {
        private final AttachedStream stream;
        private final String replyTo;
        private final CountDownLatch replied;
        /** The seq of the next packet out (the bridge numbers them; the ERROR of {@link #unread} takes the next). */
        private long nextSeq;
        private boolean finalSent;
        /**
         * The client read nothing for the write time-out: the bridge, told by an IOException, ends the stream
         * silently, and this ERROR goes out as its last packet when the bridge lets it go.
         */
        private volatile StreamPacket unread;

        Link(AttachedStream stream, String replyTo, CountDownLatch replied) {
            this.stream = stream;
            this.replyTo = replyTo;
            this.replied = replied;
        }

        @Override
        public void send(StreamPacket packet) throws IOException, InterruptedException {
            if (packet.status() == StreamPacket.Status.OK || packet.status() == StreamPacket.Status.ERROR) {
                // the agent's last word on the stream: what the client sends after it is for no stream
                forget(this);
                finalSent = true;
            }
            write(packet, true);
            nextSeq = packet.seq() + 1;
        }

        /** Writes a packet after the call's reply; when {@code paced}, only while the client reads. */
        private void write(StreamPacket packet, boolean paced) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            if (!replied.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new IOException("the call that opened stream " + stream.id() + " was not answered");
            }
            if (paced && !wire.awaitPendingAtMost(WINDOW, deadline - System.nanoTime())) {
                if (!closed) { // told when the stream lets go, should the client read again
                    unread = StreamPacket.error(0, ErrorCode.STREAM_TIMEOUT.code(), "stream " + stream.id()
                            + ": the client read nothing for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                            + " ms (stomp.streamSendTimeout); the stream ended");
                }
                throw new IOException(closed ? "the connection is closed" : "the client did not read for "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            if (!session.deliverPacket(replyTo, packetHeaders(stream.id(), packet), packet.data())) {
                throw new IOException(closed ? "the connection is closed" : "this connection has no subscription"
                        + " to the call's reply-to");
            }
        }

        @Override
        public void closed() {
            forget(this);
            if (unread != null && !finalSent) {
                try { // one small frame, not paced: what the client finds when it reads again
                    write(StreamPacket.error(nextSeq, unread.code(), unread.message()), false);
                } catch (IOException e) {
                    LOG.debug("stream {}: ERROR not delivered: {}", stream.id(), e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Largest data a packet may carry, libvirt's limit; the decoder drops larger bodies. */
    static int maxPacketBytes() {
        return StreamChannel.MAX_PACKET;
    }
}
