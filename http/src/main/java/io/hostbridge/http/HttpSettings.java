package io.hostbridge.http;

/**
 * Settings of the shared HTTP listener.
 *
 * @param address         address to bind, e.g. {@code 127.0.0.1}
 * @param port            TCP port; 0 picks a free one (tests)
 * @param maxRequestBytes largest request body accepted by any route
 * @param workerThreads   threads that run request handlers
 */
public record HttpSettings(String address, int port, long maxRequestBytes, int workerThreads) {
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
    }
}
