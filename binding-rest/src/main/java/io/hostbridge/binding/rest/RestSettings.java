package io.hostbridge.binding.rest;

import java.time.Duration;

/**
 * Settings of the REST binding.
 *
 * @param maxEventStreams   most concurrent SSE clients; one more is refused with 503 (code 1100)
 * @param heartbeatInterval how often an idle event stream gets a comment line, so dead peers are noticed
 * @param maxRequestBytes   largest request body (the shared listener's cap, enforced again on chunked bodies)
 * @param streamSendTimeout how long a stream's packet waits for a WebSocket peer that reads nothing before the
 *                          stream is aborted
 */
public record RestSettings(int maxEventStreams, Duration heartbeatInterval, long maxRequestBytes,
                           Duration streamSendTimeout) {
    public RestSettings {
        if (streamSendTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("rest.streamSendTimeout must be at least 100ms, got "
                    + streamSendTimeout);
        }
        if (maxEventStreams < 1) {
            throw new IllegalArgumentException("rest.maxEventStreams must be at least 1, got " + maxEventStreams);
        }
        if (heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("rest.heartbeatInterval must be at least 100ms, got " + heartbeatInterval);
        }
    }
}
