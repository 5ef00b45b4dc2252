package io.hostbridge.tests;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Waits for a condition with a deadline (for state held by a real process: a daemon, a guest). */
final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** The first non-null value of {@code probe}, or an assertion failure naming {@code what} at the deadline. */
    static <T> T until(Duration timeout, String what, Callable<T> probe) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(INTERVAL.toMillis()); // the poll interval; the deadline bounds the wait
        }
    }
}
