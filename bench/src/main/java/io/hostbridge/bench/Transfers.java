package io.hostbridge.bench;

/**
 * How many times a stream client of bench/streams.sh makes its transfer in one JVM: system property
 * {@code bench.transfers} (default 1). The first transfer pays for the client's own JIT warm-up (a cold JVM, as a
 * command line tool starts); the last is what a long-running client (a manager) gets.
 */
final class Transfers {
    private Transfers() {
    }

    static int count() {
        int n = Integer.getInteger("bench.transfers", 1);
        if (n < 1) {
            throw new IllegalArgumentException("bench.transfers must be at least 1, got " + n);
        }
        return n;
    }
}
