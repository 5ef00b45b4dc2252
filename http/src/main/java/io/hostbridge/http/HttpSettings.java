package io.hostbridge.http;

import io.hostbridge.api.Loopback;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the shared HTTP listener.
 *
 * @param address         address to bind, e.g. {@code 127.0.0.1}
 * @param port            TCP port; 0 picks a free one (tests)
 * @param maxRequestBytes largest request body accepted by any route
 * @param workerThreads   threads that run request handlers
 * @param maxQueuedRequests requests of a listener that may wait for a worker thread; one more is answered at once
 *                        with code 1100 (HTTP 503 and {@code Retry-After}, or the route's own answer)
 * @param insecure        plain HTTP on the TCP port, every caller an admin: only on a loopback address
 * @param socket          the unix socket serving the same API to local callers, or null for none
 * @param socketGroup     a group whose members may connect to the socket too (its group; mode 0660), or null
 * @param allowedOrigins  browser origins ({@code scheme://host[:port]}) whose requests are served; others (any
 *                        request with an {@code Origin} header not listed) are refused
 */
public record HttpSettings(String address, int port, long maxRequestBytes, int workerThreads, int maxQueuedRequests,
                           boolean insecure, Path socket, String socketGroup, List<String> allowedOrigins) {
    public HttpSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port must be 0-65535, got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("http.maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        }
        if (workerThreads < 2) {
            throw new IllegalArgumentException("http.workerThreads must be at least 2, got " + workerThreads);
        }
        if (maxQueuedRequests < 0) {
            throw new IllegalArgumentException("http.maxQueuedRequests must be at least 0, got " + maxQueuedRequests);
        }
        if (insecure && !Loopback.is(address)) {
            throw new IllegalArgumentException("http.insecure serves every caller as an admin without TLS: allowed"
                    + " only on a loopback address, not on " + address);
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** {@code http.maxQueuedRequests}' default (hostbridge-defaults.yaml). */
    public static final int DEFAULT_MAX_QUEUED = 256;

    /** A plain loopback listener, no unix socket: for tests and benchmarks. */
    public static HttpSettings insecureLoopback(int port, long maxRequestBytes, int workerThreads) {
        return new HttpSettings("127.0.0.1", port, maxRequestBytes, workerThreads, DEFAULT_MAX_QUEUED, true, null, null,
                List.of());
    }

}
