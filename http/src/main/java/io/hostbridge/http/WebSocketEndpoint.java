package io.hostbridge.http;

import java.time.Duration;

/**
 * A WebSocket served on the shared HTTP listener (the TCP port and the unix socket), contributed by a binding to
 * the {@code Set<WebSocketEndpoint>} from its own Guice module. A {@code GET} with {@code Upgrade: websocket} on a
 * path under {@link #path()} is decided by {@link #upgrade}, after the listener's browser checks (Origin, Host) and
 * before the handshake's answer, so a refusal is a plain HTTP error; any other request there gets 426.
 */
public interface WebSocketEndpoint {

    /** For logs, e.g. {@code streams}. */
    String name();

    /** The paths served: every one that starts with this prefix, e.g. {@code /api/v1/streams/}. */
    String path();

    /** Bounds on each of this endpoint's WebSockets. */
    Limits limits();

    /**
     * Decides on an upgrade request (on a listener thread; it must not wait long): accept it with the handler of
     * the new WebSocket, or refuse it with an HTTP answer. Sends on {@link WebSocketUpgrade#session()} made before
     * the handshake's answer is written wait for it.
     */
    Answer upgrade(WebSocketUpgrade upgrade);

    /**
     * Bounds on a WebSocket.
     *
     * @param maxMessageBytes largest message taken from the peer (its fragments together); a larger one closes the
     *                        WebSocket with 1009 as soon as its frame header says so, before it is read
     * @param maxQueuedBytes  most bytes waiting to be written to the peer; a send waits while they are more
     * @param sendTimeout     how long a send waits for the peer to read before the connection is dropped
     */
    record Limits(int maxMessageBytes, int maxQueuedBytes, Duration sendTimeout) {
        public Limits {
            if (maxMessageBytes < 125 || maxQueuedBytes < 1) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 125, maxQueuedBytes positive");
            }
            if (sendTimeout.isNegative() || sendTimeout.isZero()) {
                throw new IllegalArgumentException("sendTimeout must be positive, got " + sendTimeout);
            }
        }
    }

    /** How an upgrade request is answered. */
    sealed interface Answer {
        /** Upgrades: {@code handler} gets the WebSocket's messages. */
        static Answer accept(WebSocketHandler handler) {
            return new Accept(handler);
        }

        /** Answers with an HTTP error instead: an RFC 9457 problem ({@code application/problem+json}). */
        static Answer refuse(int status, String problemJson) {
            return new Refuse(status, problemJson);
        }
    }

    record Accept(WebSocketHandler handler) implements Answer {
    }

    record Refuse(int status, String problemJson) implements Answer {
    }
}
