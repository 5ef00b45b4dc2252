package io.hostbridge.binding.imageio;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the image data server.
 *
 * @param address         TCP address to listen on
 * @param port            TCP port; 0 picks a free one
 * @param tls             TLS with the host certificate on the TCP port (no client certificate: tickets authorize)
 * @param socket          unix socket path advertised to local clients, or null for none
 * @param maxConnections  most open connections (TCP and unix together); one more is answered 503 and closed
 * @param workerThreads   threads that run requests (disk and checksum work); a request holds one while it runs
 * @param bufferSize      bytes per chunk when an image cannot be sent zero-copy, and upload bytes that may wait
 *                        for the disk per connection before the server stops reading
 * @param idleTimeout     idle time after which a connection without a ticket is closed (a ticket's
 *                        {@code inactivity_timeout} applies once the connection used it)
 * @param headerTimeout   time a client has to send a whole request head once it started one (slowloris)
 */
public record ImageioSettings(String address, int port, boolean tls, Path socket, int maxConnections, int workerThreads,
                              int bufferSize, Duration idleTimeout, Duration headerTimeout) {
    public ImageioSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("imageio.port must be 0-65535, got " + port);
        }
        if (maxConnections < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("imageio.maxConnections and imageio.workerThreads must be at least 1");
        }
        if (bufferSize < 4096 || bufferSize > 64 << 20) {
            throw new IllegalArgumentException("imageio.bufferSize must be between 4096 and 64 MiB, got " + bufferSize);
        }
        if (idleTimeout.toMillis() < 100 || headerTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("imageio timeouts must be at least 100ms");
        }
    }
}
