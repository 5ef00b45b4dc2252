package io.hostbridge.binding.amqp;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.stream.AttachedStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams carried on the agent's connection, by id: where a client's packet goes, and whether that client may
 * send it (only the broker user who opened a stream may). A stream leaves the table as soon as it is over for the
 * client — its final packet is on the way, or the client aborted it — so that a later packet naming it is answered
 * "no such stream" rather than dropped.
 */
final class StreamRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);

    /**
     * @param user the validated broker user whose call opened the stream
     * @param port where the stream's packets to that user go
     */
    record Route(AttachedStream stream, String user, PacketPort port) {
        /** Whether {@code sender} (the validated user of a packet) may send to this stream. */
        boolean ownedBy(String sender) {
            return user != null && user.equals(sender);
        }
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Ports whose stream has not closed them yet (a stream ended here may still be sending its last packet). */
    private final Set<PacketPort> open = ConcurrentHashMap.newKeySet();

    void add(Route route) {
        open.add(route.port());
        routes.put(route.stream().id(), route);
    }

    Route get(String streamId) {
        return routes.get(streamId);
    }

    /** The stream is over for its client: later packets naming it are for no stream. */
    void remove(String streamId) {
        routes.remove(streamId);
    }

    /** The port's stream ended and the port let go of everything. */
    void closed(PacketPort port) {
        routes.computeIfPresent(port.streamId(), (id, route) -> route.port() == port ? null : route);
        synchronized (open) {
            open.remove(port);
            open.notifyAll();
        }
    }

    /**
     * Ends a stream on the agent's side: the bridge stops it, and its client gets an ERROR with {@code code} and
     * {@code message} as the stream's last packet.
     */
    void abort(Route route, ErrorCode code, String message) {
        routes.remove(route.stream().id(), route);
        route.stream().fail(code, message);
    }

    /** Ends every stream (the connection to the broker is lost, or the agent stops). */
    void abortAll(ErrorCode code, String message) {
        for (Route route : routes.values()) {
            LOG.info("stream {} aborted: {}", route.stream().id(), message);
            abort(route, code, message);
        }
    }

    /** Waits until every port is closed, at most {@code timeout}; true when they all are. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (open) {
            while (!open.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                open.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Streams carried now. */
    int size() {
        return routes.size();
    }

}
