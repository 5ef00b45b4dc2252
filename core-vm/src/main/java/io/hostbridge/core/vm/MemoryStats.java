package io.hostbridge.core.vm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code virDomainMemoryStats} into a plain {@code long[]}. The binding's {@link Domain#memoryStats} builds an
 * array of JNA structures read by reflection, ~200 µs per call here — most of the cost of
 * {@code Host.getAllVmStats}; the same call into primitive memory costs a few µs. The domain's native handle is
 * the binding's package-private field, read once by reflection; without it the binding's call is used.
 */
final class MemoryStats {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStats.class);
    /** Entries asked for: every tag libvirt 9 defines fits. */
    static final int MAX = 16;
    private static final Field HANDLE = handleField();

    /** The one libvirt function, bound directly. */
    interface Virt extends Library {
        Virt INSTANCE = HANDLE == null ? null : Native.load("virt", Virt.class);

        /** {@code struct {int tag; unsigned long long val;}} is 16 bytes: tag in the low half of the first long. */
        int virDomainMemoryStats(Pointer domain, long[] stats, int nrStats, int flags);
    }

    private MemoryStats() {
    }

    /** Calls {@code sink} with (tag, value) for each statistic libvirt returns. */
    static void read(Domain domain, Sink sink) throws LibvirtException {
        Pointer handle = handle(domain);
        if (handle != null) {
            long[] raw = new long[MAX * 2];
            int n = Virt.INSTANCE.virDomainMemoryStats(handle, raw, MAX, 0);
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

    private static Pointer handle(Domain domain) {
        if (HANDLE == null) {
            return null;
        }
        try {
            Object pointer = HANDLE.get(domain);
            return pointer instanceof PointerType p ? p.getPointer() : null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field handleField() {
        try {
            Field f = Domain.class.getDeclaredField("vdp");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("libvirt binding without a readable domain handle; using its memoryStats", e);
            return null;
        }
    }
}
