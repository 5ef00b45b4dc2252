package io.hostbridge.binding.stomp;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.events.Subscription;
import io.hostbridge.jsonrpc.JsonRpc;
import io.hostbridge.jsonrpc.JsonText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One STOMP connection, served as VDSM's small in-process broker serves it: CONNECT and heart-beats, subscriptions,
 * JSON-RPC requests sent to the request destinations and their responses delivered to the subscriptions of the
 * request's {@code reply-to}, and events to the subscriptions of {@code jms.queue.events}. A frame it cannot take
 * is answered with ERROR, and the connection closed.
 *
 * <p>Frames arrive one read at a time on the listener's threads; requests run on the runtime's workers, events on
 * a thread per event subscription, heart-beats on the runtime's timer; all of them write through the {@link Wire},
 * which keeps each frame whole.
 *
 * <p>Unlike VDSM, messages clients send to other destinations are refused, not passed on to other subscribers: a
 * client may not put words in the agent's mouth (a forged response or event on another caller's subscription).
 *
 * <p>Data streams that calls on the connection open flow on it too ({@link StompStreams}).
 */
final class StompSession {
    static final String EVENTS = "jms.queue.events";
    static final List<String> REQUESTS = List.of("jms.topic.vdsm_requests", "jms.topic.vdsm_irs_requests");
    /** Where a response goes when its request names no {@code reply-to}: the engine's response destination. */
    static final String DEFAULT_REPLY_TO = "jms.topic.vdsm_responses";

    private static final Logger LOG = LoggerFactory.getLogger(StompSession.class);
    private static final byte[] HEART_BEAT = {'\n'};

    private final Wire wire;
    private final StompRuntime runtime;
    private final FrameDecoder decoder;
    private final StompStreams streams;
    private final Map<String, Subscribed> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final AtomicLong messageIds = new AtomicLong();
    private volatile boolean connected;
    private volatile long lastRead = System.nanoTime();
    private volatile long lastWrite = System.nanoTime();
    private volatile ScheduledFuture<?> heartBeats;

    /** A subscription: its destination, and the forwarding of events when that is {@link #EVENTS}. */
    private record Subscribed(String id, String destination, EventPump pump) {
    }

    StompSession(Wire wire, StompRuntime runtime) {
        this.wire = wire;
        this.runtime = runtime;
        this.decoder = new FrameDecoder(FrameDecoder.MAX_HEADER_BYTES, runtime.settings.maxFrameBytes(),
                StompStreams::isPacket, StompStreams.maxPacketBytes());
        this.streams = new StompStreams(this, wire, runtime.settings.streamSendTimeout(), runtime.packets);
    }

    /** Takes bytes read from the connection. */
    void received(byte[] bytes, int offset, int length) {
        lastRead = System.nanoTime();
        if (closing.get()) {
            return;
        }
        List<Frame> frames;
        try {
            frames = decoder.feed(bytes, offset, length);
        } catch (StompException e) {
            fail(e.getMessage(), null);
            return;
        }
        for (Frame frame : frames) {
            if (closing.get()) {
                return;
            }
            try {
                handle(frame);
            } catch (StompException e) {
                fail(e.getMessage(), frame.header("receipt"));
            }
        }
    }

    private void handle(Frame frame) throws StompException {
        switch (frame.command()) {
            case "CONNECT", "STOMP" -> connect(frame);
            case "SUBSCRIBE" -> subscribe(frame);
            case "UNSUBSCRIBE" -> unsubscribe(frame);
            case "SEND" -> send(frame);
            case "DISCONNECT" -> {
                disconnect(frame);
                return;
            }
            case "ACK", "NACK" -> {
                // every subscription is acknowledged automatically, as VDSM's are
            }
            case "BEGIN", "COMMIT", "ABORT" -> throw new StompException("transactions (" + frame.command()
                    + ") are not supported");
            default -> throw new StompException("unknown command '" + FrameDecoder.printable(frame.command())
                    + "' (this agent takes CONNECT, STOMP, SUBSCRIBE, UNSUBSCRIBE, SEND and DISCONNECT)");
        }
        String receipt = frame.header("receipt");
        if (receipt != null && !frame.command().equals("CONNECT") && !frame.command().equals("STOMP")) {
            write(Frame.of("RECEIPT", Map.of("receipt-id", receipt), Frame.NO_BODY), false);
        }
    }

    private void connect(Frame frame) throws StompException {
        if (connected) {
            throw new StompException("already connected");
        }
        String versions = frame.header("accept-version");
        if (versions == null || Arrays.stream(versions.split(",")).map(String::strip).noneMatch("1.2"::equals)) {
            throw new StompException("this agent speaks STOMP 1.2 only (accept-version:1.2), the client offered "
                    + (versions == null ? "1.0" : FrameDecoder.printable(versions)));
        }
        long[] asked = heartBeat(frame.header("heart-beat"));
        long floor = runtime.settings.heartbeat().toMillis();
        // the client sends every asked[0] ms and wants something every asked[1] ms (0: not at all)
        long sendEvery = asked[1] == 0 ? 0 : Math.max(asked[1], floor);
        long expectEvery = asked[0] == 0 ? 0 : Math.max(asked[0], floor);
        connected = true;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("version", "1.2");
        headers.put("heart-beat", sendEvery + "," + expectEvery);
        headers.put("server", "hostbridge");
        write(Frame.of("CONNECTED", headers, Frame.NO_BODY), false);
        long tick = Math.min(sendEvery == 0 ? Long.MAX_VALUE : sendEvery / 2, expectEvery == 0 ? Long.MAX_VALUE
                : expectEvery / 2);
        if (tick != Long.MAX_VALUE) {
            try {
                heartBeats = runtime.timer.scheduleAtFixedRate(() -> heartBeat(sendEvery, expectEvery), tick, tick,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                wire.close(); // the agent is stopping
            }
        }
    }

    /** The connection is read again after its stream packets held it: the client's silence counts from now. */
    void readsResumed() {
        lastRead = System.nanoTime();
    }

    /** Sends a heart-beat when nothing went out for half the interval; drops a client silent for too long. */
    private void heartBeat(long sendEvery, long expectEvery) {
        long now = System.nanoTime();
        // a connection the agent does not read for its streams' sake (StompStreams) is not a silent client
        if (expectEvery > 0 && !streams.holdsReads()
                && now - lastRead > TimeUnit.MILLISECONDS.toNanos(2 * expectEvery + 1000)) {
            LOG.info("STOMP client {} sent nothing for {} ms (it promised heart-beats every {} ms): disconnected",
                    wire.remote(), TimeUnit.NANOSECONDS.toMillis(now - lastRead), expectEvery);
            wire.close();
            return;
        }
        if (sendEvery > 0 && now - lastWrite >= TimeUnit.MILLISECONDS.toNanos(sendEvery / 2)) {
            writeBytes(HEART_BEAT, false);
        }
    }

    private static long[] heartBeat(String header) throws StompException {
        if (header == null) {
            return new long[] {0, 0};
        }
        String[] parts = header.split(",", -1);
        try {
            if (parts.length == 2) {
                long cx = Long.parseLong(parts[0].strip());
                long cy = Long.parseLong(parts[1].strip());
                if (cx >= 0 && cy >= 0) {
                    return new long[] {cx, cy};
                }
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new StompException("heart-beat must be two numbers of milliseconds, e.g. 0,10000; got '"
                + FrameDecoder.printable(header) + "'");
    }

    private void subscribe(Frame frame) throws StompException {
        String destination = required(frame, "destination");
        String id = required(frame, "id");
        if (subscriptions.containsKey(id)) {
            throw new StompException("subscription id '" + FrameDecoder.printable(id) + "' is already in use");
        }
        if (subscriptions.size() >= runtime.settings.maxSubscriptions()) {
            throw new StompException("more than " + runtime.settings.maxSubscriptions()
                    + " subscriptions on one connection");
        }
        EventPump pump = null;
        if (EVENTS.equals(destination)) {
            pump = events(id);
        }
        subscriptions.put(id, new Subscribed(id, destination, pump));
        if (pump != null) {
            if (closed.get()) {
                pump.close();
                return;
            }
            try {
                runtime.pumps.execute(pump);
            } catch (RejectedExecutionException e) {
                pump.close(); // the agent is stopping
            }
        }
    }

    private EventPump events(String id) throws StompException {
        if (!runtime.eventSubscribers.tryAcquire()) {
            throw new StompException("too many event subscribers (stomp.maxEventSubscribers = "
                    + runtime.settings.maxEventSubscribers() + ")");
        }
        try {
            Subscription bus = runtime.bridge.subscribe(wire.transport(null), VdsmEvents.topics(), null);
            return new EventPump(id, bus);
        } catch (BridgeException e) {
            runtime.eventSubscribers.release();
            throw new StompException("cannot subscribe to " + EVENTS + ": " + e.getMessage());
        } catch (RuntimeException e) {
            runtime.eventSubscribers.release();
            throw e;
        }
    }

    private void unsubscribe(Frame frame) throws StompException {
        Subscribed gone = subscriptions.remove(required(frame, "id"));
        if (gone != null && gone.pump() != null) {
            gone.pump().close();
        }
    }

    private void send(Frame frame) throws StompException {
        String destination = required(frame, "destination");
        if (StompStreams.DESTINATION.equals(destination)) {
            streams.received(frame);
            return;
        }
        if (!isRequest(destination)) {
            throw new StompException("destination '" + FrameDecoder.printable(destination) + "' takes no messages:"
                    + " send JSON-RPC requests to " + REQUESTS.get(0) + ", stream packets to "
                    + StompStreams.DESTINATION);
        }
        String replyTo = frame.header("reply-to") == null ? DEFAULT_REPLY_TO : frame.header("reply-to");
        String flowId = frame.header("ovirtCorrelationId");
        Object document;
        try {
            document = JsonText.MAPPER.readValue(frame.body(), Object.class);
        } catch (JsonProcessingException e) {
            reply(replyTo, JsonRpc.parseError(JsonText.describe(e)));
            return;
        } catch (IOException e) {
            reply(replyTo, JsonRpc.parseError("unreadable body"));
            return;
        }
        StompStreams.Call call = streams.call(replyTo);
        try {
            runtime.workers.execute(() -> {
                if (closed.get()) {
                    return; // nobody to answer: the client left before a worker was free
                }
                try {
                    Object response = runtime.rpc.handle(document, wire.transport(flowId).withStreams(call));
                    // as VDSM answers the batch of one that its Python client always sends: with the bare response
                    if (document instanceof List<?> batch && batch.size() == 1 && response instanceof List<?> r
                            && r.size() == 1) {
                        response = r.get(0);
                    }
                    if (response != null) {
                        reply(replyTo, response);
                    }
                } finally {
                    call.replied(); // the streams the call opened may speak now, after its reply
                }
            });
        } catch (RejectedExecutionException e) {
            reply(replyTo, JsonRpc.refusal(JsonRpc.idOf(document), BridgeException.of(ErrorCode.RESOURCE_EXHAUSTED,
                    "The agent is at capacity (" + runtime.settings.workers() + " requests running, "
                            + runtime.settings.queueSize() + " waiting); try again later")));
        }
    }

    static boolean isRequest(String destination) {
        for (String requests : REQUESTS) {
            if (destination.equals(requests) || destination.startsWith(requests + ".")) {
                return true;
            }
        }
        return false;
    }

    /** A response goes to each of this connection's subscriptions of {@code replyTo}; with none, nowhere. */
    private void reply(String replyTo, Object response) {
        byte[] body = JsonText.write(response).getBytes(StandardCharsets.UTF_8);
        boolean delivered = false;
        for (Subscribed s : subscriptions.values()) {
            if (s.destination().equals(replyTo)) {
                message(s, body);
                delivered = true;
            }
        }
        if (!delivered) {
            LOG.debug("STOMP response to {} dropped: the client has no subscription to its reply-to", wire.remote());
        }
    }

    /**
     * A stream's control packet (an answer for no stream) as a MESSAGE to each of this connection's subscriptions
     * of {@code destination}, on the path of responses.
     */
    void deliver(String destination, Map<String, String> headers, ByteBuffer body) {
        for (Subscribed s : subscriptions.values()) {
            if (s.destination().equals(destination)) {
                writeBytes(Frame.encode("MESSAGE", messageHeaders(s, headers), body), false);
            }
        }
    }

    /**
     * A stream packet as a MESSAGE to each of this connection's subscriptions of {@code destination}, without the
     * limit on unread bytes of responses and events (the stream waited for the client to read); false when there
     * was none, or the connection is closed.
     */
    boolean deliverPacket(String destination, Map<String, String> headers, ByteBuffer body) {
        boolean delivered = false;
        for (Subscribed s : subscriptions.values()) {
            if (s.destination().equals(destination) && !closed.get()) {
                lastWrite = System.nanoTime();
                wire.writePacket(Frame.encode("MESSAGE", messageHeaders(s, headers), body));
                delivered = true;
            }
        }
        return delivered;
    }

    private Map<String, String> messageHeaders(Subscribed subscription, Map<String, String> packet) {
        Map<String, String> headers = new LinkedHashMap<>(12);
        headers.put("destination", subscription.destination());
        headers.put("subscription", subscription.id());
        headers.put("message-id", Long.toString(messageIds.incrementAndGet()));
        headers.putAll(packet);
        return headers;
    }

    private void message(Subscribed subscription, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put("destination", subscription.destination());
        headers.put("content-type", "application/json");
        headers.put("subscription", subscription.id());
        headers.put("message-id", Long.toString(messageIds.incrementAndGet()));
        write(Frame.of("MESSAGE", headers, body), false);
    }

    private void disconnect(Frame frame) {
        closing.set(true);
        String receipt = frame.header("receipt");
        if (receipt != null) {
            writeBytes(Frame.of("RECEIPT", Map.of("receipt-id", receipt), Frame.NO_BODY).encode(), true);
        } else {
            wire.close();
        }
    }

    /** Answers ERROR (with the offending frame's receipt, if it asked for one) and closes the connection. */
    private void fail(String message, String receipt) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.info("STOMP client {} refused: {}", wire.remote(), message);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("message", message);
        headers.put("content-type", "text/plain");
        if (receipt != null) {
            headers.put("receipt-id", receipt);
        }
        writeBytes(Frame.of("ERROR", headers, message.getBytes(StandardCharsets.UTF_8)).encode(), true);
    }

    private static String required(Frame frame, String header) throws StompException {
        String value = frame.header(header);
        if (value == null || value.isEmpty()) {
            throw new StompException(frame.command() + " needs a '" + header + "' header");
        }
        return value;
    }

    private void write(Frame frame, boolean thenClose) {
        writeBytes(frame.encode(), thenClose);
    }

    /** Writes unless the peer left too much unread: then it is dropped, since its memory would be the agent's. */
    private void writeBytes(byte[] bytes, boolean thenClose) {
        if (closed.get()) {
            return;
        }
        // stream packets wait for the client to read them (StompStreams.WINDOW): they are not what this limits
        long pending = wire.pendingBytes() - wire.pendingPacketBytes();
        if (pending > runtime.settings.maxPendingBytes()) {
            if (dropped.compareAndSet(false, true)) {
                closing.set(true);
                LOG.warn("STOMP client {} does not read what it is sent ({} bytes waiting, stomp.maxPendingBytes = {}):"
                        + " disconnected", wire.remote(), pending, runtime.settings.maxPendingBytes());
                wire.close();
            }
            return;
        }
        lastWrite = System.nanoTime();
        wire.write(bytes, thenClose);
    }

    /** The connection closed, from either side: stops heart-beats and event forwarding. Idempotent. */
    void closed() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.set(true);
        wire.close(); // wakes streams waiting for the client to read
        streams.closed();
        ScheduledFuture<?> beats = heartBeats;
        if (beats != null) {
            beats.cancel(false);
        }
        List<Subscribed> all = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        for (Subscribed s : all) {
            if (s.pump() != null) {
                s.pump().close();
            }
        }
        runtime.closed(this);
    }

    /** The agent stops: the connection goes (the client reconnects to the next agent). */
    void shutdown() {
        wire.close();
        closed();
    }

    /** Forwards the bus to one subscription of {@link #EVENTS}, on a thread of its own, until closed. */
    private final class EventPump implements Runnable {
        private final String subscriptionId;
        private final Subscription bus;
        private final AtomicBoolean released = new AtomicBoolean();

        EventPump(String subscriptionId, Subscription bus) {
            this.subscriptionId = subscriptionId;
            this.bus = bus;
        }

        @Override
        public void run() {
            try {
                while (!bus.isClosed() && !closed.get()) {
                    var next = bus.poll(java.time.Duration.ofSeconds(1));
                    if (next.isEmpty()) {
                        continue;
                    }
                    Map<String, Object> notification = VdsmEvents.notification(next.get());
                    Subscribed subscription = subscriptions.get(subscriptionId);
                    if (notification != null && subscription != null && subscription.pump() == this) {
                        message(subscription, JsonText.write(notification).getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("STOMP event forwarding to {} stopped: {}", wire.remote(), e.toString());
            } finally {
                close();
            }
        }

        void close() {
            bus.close();
            if (released.compareAndSet(false, true)) {
                runtime.eventSubscribers.release();
            }
        }
    }
}
