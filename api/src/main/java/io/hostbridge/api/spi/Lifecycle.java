package io.hostbridge.api.spi;

/**
 * Something with a start and a stop: listeners, samplers, broker connections. Contributed to a set; the
 * agent starts them in ascending {@link #phase()} and stops them in reverse order.
 */
public interface Lifecycle {

    /** Name for logs. */
    String name();

    /** Lower phases start first and stop last. Core services use 0, listeners 100. */
    default int phase() {
        return 0;
    }

    void start() throws Exception;

    /** Releases everything; must not throw. */
    void stop();
}
