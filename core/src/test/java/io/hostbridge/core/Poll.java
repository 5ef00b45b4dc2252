package io.hostbridge.core;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes: tests wait for outcomes, never for fixed times. */
public final class Poll {

    private Poll() {
    }

    /** The first value from {@code probe} that satisfies {@code done}, asking again every 20 ms. */
    public static <T> T until(Duration deadline, Supplier<T> probe, Predicate<T> done, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return fail("not within " + deadline + ": " + what + "; last value: " + last);
    }
}
