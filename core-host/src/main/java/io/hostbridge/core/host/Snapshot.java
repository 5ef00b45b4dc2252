package io.hostbridge.core.host;

import java.util.Map;

/**
 * Counters read at one instant, the raw material of rates.
 *
 * @param nanos   {@link System#nanoTime()} when read
 * @param ticks   CPU ticks by OSHI's {@code TickType} index
 * @param nics    per-NIC counters by interface name
 * @param sinceBoot true for the counters at boot (all zero): any interface missing from {@code nics} counts
 *                  from zero rather than having no rate
 */
record Snapshot(long nanos, long[] ticks, Map<String, NicCounters> nics, boolean sinceBoot) {

    /** The counters of one interface. */
    record NicCounters(long rxBytes, long txBytes) {
    }

    /** The counters as they were when the host booted, {@code uptimeNanos} before {@code nowNanos}. */
    static Snapshot boot(long nowNanos, long uptimeNanos, int tickTypes) {
        return new Snapshot(nowNanos - uptimeNanos, new long[tickTypes], Map.of(), true);
    }

    /** Counters of {@code nic} in this snapshot, or null when it has none. */
    NicCounters nic(String name) {
        NicCounters counters = nics.get(name);
        return counters == null && sinceBoot ? new NicCounters(0, 0) : counters;
    }

    long totalTicks() {
        long total = 0;
        for (long tick : ticks) {
            total += tick;
        }
        return total;
    }
}
