package io.hostbridge.core.vm;

import com.sun.jna.Pointer;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;

/**
 * {@code virDomainMemoryStats} into a plain {@code long[]}. The binding's {@link Domain#memoryStats} builds an
 * array of JNA structures read by reflection, ~200 µs per call here — most of the cost of
 * {@code Host.getAllVmStats}; the same call into primitive memory ({@link LibvirtNative}) costs a few µs. Without
 * the domain's native handle the binding's call is used.
 */
final class MemoryStats {
    /** Entries asked for: every tag libvirt 9 defines fits. */
    static final int MAX = 16;

    private MemoryStats() {
    }

    /** Calls {@code sink} with (tag, value) for each statistic libvirt returns. */
    static void read(Domain domain, Sink sink) throws LibvirtException {
        Pointer handle = LibvirtNative.domain(domain);
        if (handle != null) {
            long[] raw = new long[MAX * 2];
            int n = LibvirtNative.Virt.INSTANCE.virDomainMemoryStats(handle, raw, MAX, 0);
            if (n >= 0) {
                for (int i = 0; i < n; i++) {
                    sink.accept((int) raw[2 * i], raw[2 * i + 1]);
                }
                return;
            }
        }
        for (MemoryStatistic m : domain.memoryStats(MAX)) {
            sink.accept(m.getTag(), m.getValue());
        }
    }

    /** Receives one statistic. */
    @FunctionalInterface
    interface Sink {
        void accept(int tag, long value);
    }
}
