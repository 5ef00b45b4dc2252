package io.hostbridge.core.host;

import io.hostbridge.api.host.HostStats;
import io.hostbridge.api.host.LoadAverage;
import io.hostbridge.api.host.NicStats;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OperatingSystem;

/**
 * Samples host statistics without waiting: rates and CPU shares are measured against an earlier snapshot
 * chosen by {@link SnapshotHistory}. Thread-safe; OSHI is called outside any lock.
 */
final class StatsSampler {

    private static final long MIB = CapabilitiesReader.MIB;

    private final NetworkInterfaces interfaces;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final Clock clock;
    private final long startNanos;
    private final SnapshotHistory history;

    StatsSampler(SystemInfo system, Clock clock) {
        HardwareAbstractionLayer hardware = system.getHardware();
        this.interfaces = new NetworkInterfaces(hardware);
        this.cpu = hardware.getProcessor();
        this.memory = hardware.getMemory();
        this.os = system.getOperatingSystem();
        this.clock = clock;
        this.startNanos = System.nanoTime();
        this.history = new SnapshotHistory(
                Snapshot.boot(startNanos, os.getSystemUptime() * 1_000_000_000L, TickType.values().length));
        history.baseFor(snapshot(interfaces.samples()));
    }

    HostStats sample() {
        List<NicSample> nics = interfaces.samples();
        Snapshot now = snapshot(nics);
        Snapshot base = history.baseFor(now);
        double window = Math.max(0, now.nanos() - base.nanos()) / 1e9;

        long[] delta = new long[now.ticks().length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.max(0, now.ticks()[i] - base.ticks()[i]);
        }
        long user = ticks(delta, TickType.USER, TickType.NICE);
        long sys = ticks(delta, TickType.SYSTEM, TickType.IRQ, TickType.SOFTIRQ, TickType.STEAL);
        long idle = ticks(delta, TickType.IDLE, TickType.IOWAIT);
        long total = user + sys + idle;

        double[] load = cpu.getSystemLoadAverage(3);
        for (int i = 0; i < load.length; i++) {
            load[i] = Math.round(load[i] * 100) / 100.0;
        }
        long memTotal = memory.getTotal() / MIB;
        long memAvailable = memory.getAvailable() / MIB;
        VirtualMemory swap = memory.getVirtualMemory();
        long swapTotal = swap.getSwapTotal();
        return new HostStats(percent(user, total), percent(sys, total),
                total == 0 ? 100 : percent(idle, total), load[0], new LoadAverage(load[0], load[1], load[2]),
                memTotal, memAvailable, memTotal - memAvailable, swapTotal / MIB,
                Math.max(0, swapTotal - swap.getSwapUsed()) / MIB, network(nics, base, window),
                os.getSystemUptime(), (now.nanos() - startNanos) / 1_000_000_000L,
                Math.round(window * 1000) / 1000.0,
                DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)),
                null, null, null);
    }

    private Snapshot snapshot(List<NicSample> nics) {
        Map<String, Snapshot.NicCounters> counters = new HashMap<>();
        for (NicSample nic : nics) {
            counters.put(nic.name(), new Snapshot.NicCounters(nic.rxBytes(), nic.txBytes()));
        }
        return new Snapshot(System.nanoTime(), cpu.getSystemCpuLoadTicks(), counters, false);
    }

    private static Map<String, NicStats> network(List<NicSample> nics, Snapshot base, double window) {
        Map<String, NicStats> network = new TreeMap<>();
        for (NicSample nic : nics) {
            Snapshot.NicCounters before = base.nic(nic.name());
            network.put(nic.name(), new NicStats(rate(nic.rxBytes(), before == null ? -1 : before.rxBytes(), window),
                    rate(nic.txBytes(), before == null ? -1 : before.txBytes(), window), nic.rxBytes(), nic.txBytes(),
                    nic.rxErrors(), nic.txErrors(), nic.rxDropped(), nic.speed(), nic.state()));
        }
        return network;
    }

    /** Bytes per second; 0 when there is no earlier value or the counter restarted (interface re-created). */
    private static double rate(long now, long before, double window) {
        if (before < 0 || now < before || window <= 0) {
            return 0;
        }
        return Math.round((now - before) / window * 100) / 100.0;
    }

    private static long ticks(long[] delta, TickType... types) {
        long sum = 0;
        for (TickType type : types) {
            sum += delta[type.getIndex()];
        }
        return sum;
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : Math.round(part * 10_000.0 / total) / 100.0;
    }
}
