package io.hostbridge.core.vm;

import java.time.Duration;

/**
 * How long VM verbs wait. Not configuration: fixed for the agent, shorter only in tests (through {@link VmModule}'s
 * package-private constructor), so they need not wait out the real bounds.
 *
 * @param queueWait how long a verb waits for its turn behind other operations on the same VM
 * @param confirm   how long pause and cont wait for libvirt's event confirming the new status
 */
record VmTimeouts(Duration queueWait, Duration confirm) {
    static final VmTimeouts DEFAULT = new VmTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(10));

    /** A wait in words for messages: "120 s", "500 ms". */
    static String words(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }
}
