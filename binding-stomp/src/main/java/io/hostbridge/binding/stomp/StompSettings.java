package io.hostbridge.binding.stomp;

import io.hostbridge.http.SharedPortProtocol;
import java.time.Duration;

/**
 * The STOMP binding's settings (the {@code stomp.*} keys).
 *
 * @param maxFrameBytes       largest frame body a client may send (a request); larger ones get ERROR
 * @param maxSubscriptions    most subscriptions on one connection
 * @param maxEventSubscribers most subscriptions to {@code jms.queue.events} on all connections together
 * @param workers             threads that run requests
 * @param queueSize           requests that may wait for a worker; more are answered at once with code 1100
 * @param maxPendingBytes     most bytes a connection may leave unread (replies and events it does not take);
 *                            beyond, the agent drops the connection
 * @param heartbeat           the shortest heart-beat interval the agent offers and accepts
 * @param streamSendTimeout  how long a data stream's packet waits for the client to read (then the stream ends)
 * @param ownListener         a STOMP-only listener, or null
 */
public record StompSettings(int maxFrameBytes, int maxSubscriptions, int maxEventSubscribers, int workers,
                            int queueSize, long maxPendingBytes, Duration heartbeat, Duration streamSendTimeout,
                            SharedPortProtocol.OwnListener ownListener) {
    public StompSettings {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("'stomp.maxFrameBytes' must be at least 1024, got " + maxFrameBytes);
        }
        if (maxSubscriptions < 1 || maxEventSubscribers < 0 || workers < 1 || queueSize < 0) {
            throw new IllegalArgumentException("'stomp.maxSubscriptions' and 'stomp.workers' must be at least 1,"
                    + " 'stomp.maxEventSubscribers' and 'stomp.queueSize' at least 0");
        }
        if (maxPendingBytes < 64 * 1024) {
            throw new IllegalArgumentException("'stomp.maxPendingBytes' must be at least 65536, got " + maxPendingBytes);
        }
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("'stomp.heartbeat' must be at least 100ms, got " + heartbeat);
        }
        if (streamSendTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("'stomp.streamSendTimeout' must be at least 100ms, got "
                    + streamSendTimeout);
        }
    }
}
