package io.hostbridge.core.host;

/**
 * The snapshots that later samples are measured against. Any caller may sample at any time, so a sample is
 * measured against the latest kept snapshot when that is at least {@link #MIN_WINDOW_NANOS} old, otherwise
 * against the one before it, and as a last resort against the counters at boot. Snapshots are kept at least
 * that far apart, so a flood of calls never shrinks the window to nothing.
 */
final class SnapshotHistory {

    /** Shorter windows give noisy numbers: a CPU tick is 10 ms and OSHI caches its ticks for 300 ms. */
    static final long MIN_WINDOW_NANOS = 200_000_000L;

    private final Snapshot boot;
    private Snapshot latest;
    private Snapshot previous;

    SnapshotHistory(Snapshot boot) {
        this.boot = boot;
    }

    /** The snapshot to measure {@code now} against; then keeps {@code now} when it is new enough. */
    synchronized Snapshot baseFor(Snapshot now) {
        Snapshot base = usable(latest, now) ? latest : usable(previous, now) ? previous : boot;
        if (latest == null || now.nanos() - latest.nanos() >= MIN_WINDOW_NANOS) {
            previous = latest;
            latest = now;
        }
        return base;
    }

    /** Old enough, and the CPU counters moved (OSHI may hand out the same cached ticks twice). */
    private static boolean usable(Snapshot base, Snapshot now) {
        return base != null && now.nanos() - base.nanos() >= MIN_WINDOW_NANOS && now.totalTicks() > base.totalTicks();
    }
}
