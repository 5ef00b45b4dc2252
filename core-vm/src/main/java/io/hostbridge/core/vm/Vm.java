package io.hostbridge.core.vm;

import io.hostbridge.api.vm.MigrationStatus;
import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.api.vm.VmStatus;
import io.hostbridge.api.vm.VmStatusEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.libvirt.Domain;

/**
 * One VM as the agent tracks it. Status changes go through {@link #transition}, which publishes each real change
 * exactly once, in order; verbs serialize through {@link #queue()}.
 */
final class Vm {
    static final Set<VmStatus> RUNNING = Set.of(VmStatus.POWERING_UP, VmStatus.UP, VmStatus.PAUSED,
            VmStatus.POWERING_DOWN, VmStatus.MIGRATION_SOURCE);

    private final UUID id;
    private final String domainType;
    private final Instant createTime;
    /** Replaced as a whole when a device is plugged in or out, in the VM's turn. */
    private volatile Devices devices;
    private final SerialQueue queue;
    private final Consumer<VmStatusEvent> publisher;

    private VmStatus status;
    private String reason;
    private VmExit exit;
    private VmExit expectedExit;
    private volatile Domain domain;
    private volatile long startNanos;
    private volatile String consolePath;
    private volatile Integer displayPort;
    private volatile boolean destroyOnReboot;
    /** Drives being copied to another volume (VM.diskReplicateStart): guest device name → the copy's volume. */
    private final Map<java.util.UUID, io.hostbridge.api.vm.VmBlockJob> blockJobs =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, io.hostbridge.core.spi.VolumeCatalog.Volume> replications =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile MigrationStatus migration;
    private volatile boolean removed;
    private CpuSample cpu;

    Vm(UUID id, VmParams params, String domainType, Instant createTime, List<DomainXml.Drive> drives,
       SerialQueue queue, VmStatus initial, Consumer<VmStatusEvent> publisher) {
        this.id = id;
        this.domainType = domainType;
        this.createTime = createTime;
        this.devices = new Devices(params, drives);
        this.queue = queue;
        this.status = initial;
        this.publisher = publisher;
    }

    UUID id() {
        return id;
    }

    /** The parameters with the drives and NICs the VM has now, and those drives resolved. */
    private record Devices(VmParams params, List<DomainXml.Drive> drives, List<Path> paths, List<String> targets) {
        Devices(VmParams params, List<DomainXml.Drive> drives) {
            // an empty CD-ROM has no path: null in its place keeps the lists aligned
            this(params, List.copyOf(drives), drives.stream().map(d -> d.path() == null ? null : Path.of(d.path()))
                            .toList(),
                    DomainXml.targets(drives));
        }
    }

    VmParams params() {
        return devices.params();
    }

    /** After a device was plugged in or out: the parameters and resolved drives the VM has from now on. */
    void devices(VmParams params, List<DomainXml.Drive> drives) {
        this.devices = new Devices(params, drives);
    }

    String domainType() {
        return domainType;
    }

    Instant createTime() {
        return createTime;
    }

    List<Path> drivePaths() {
        return devices.paths();
    }

    List<DomainXml.Drive> drives() {
        return devices.drives();
    }

    /** Guest device names of the drives, in the order of {@link #drivePaths()}. */
    List<String> driveTargets() {
        return devices.targets();
    }

    SerialQueue queue() {
        return queue;
    }

    synchronized VmStatus status() {
        return status;
    }

    synchronized String reason() {
        return reason;
    }

    synchronized VmExit exit() {
        return exit;
    }

    /**
     * Moves to {@code to} and publishes the change; nothing happens when the VM already has that status, or is
     * Down (a Down VM only leaves the agent, by destroy).
     *
     * @return true when the status changed
     */
    synchronized boolean transition(VmStatus to, String why, VmExit exitInfo) {
        if (status == to || status == VmStatus.DOWN) {
            return false;
        }
        status = to;
        reason = why;
        exit = to == VmStatus.DOWN ? exitInfo : null;
        if (to == VmStatus.DOWN) {
            domain = null;
        }
        publisher.accept(new VmStatusEvent(id, to, why, exit == null ? null : exit.exitCode(),
                exit == null ? null : exit.exitReason(), exit == null ? null : exit.exitMessage()));
        notifyAll();
        return true;
    }

    /** Waits until the status is {@code wanted} (or Down); true when it got there. */
    synchronized boolean await(VmStatus wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status != wanted && status != VmStatus.DOWN) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return status == wanted;
    }

    /** How the next stop of the domain should be reported, when the agent causes it (shutdown, forced off). */
    synchronized void expectExit(VmExit exitInfo) {
        expectedExit = exitInfo;
    }

    synchronized VmExit expectedExit() {
        return expectedExit;
    }

    Domain domain() {
        return domain;
    }

    void domain(Domain d, long startedNanos) {
        domain = d;
        startNanos = startedNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** Merges started with a jobUUID that are not done yet (VM.getStats' vmJobs), by job id. */
    Map<java.util.UUID, io.hostbridge.api.vm.VmBlockJob> blockJobs() {
        return blockJobs;
    }

    Map<String, io.hostbridge.core.spi.VolumeCatalog.Volume> replications() {
        return replications;
    }

    /** Whether a reboot the guest makes powers the VM off instead (VM.setDestroyOnReboot; kept while the agent runs). */
    boolean destroyOnReboot() {
        return destroyOnReboot;
    }

    void destroyOnReboot(boolean destroy) {
        destroyOnReboot = destroy;
    }

    Integer displayPort() {
        return displayPort;
    }

    void displayPort(Integer port) {
        displayPort = port;
    }

    String consolePath() {
        return consolePath;
    }

    void consolePath(String path) {
        consolePath = path;
    }

    MigrationStatus migration() {
        return migration;
    }

    void migration(MigrationStatus m) {
        migration = m;
    }

    boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    /** Previous CPU sample for usage between samples. */
    synchronized CpuSample swapCpu(CpuSample now, long minNanos) {
        CpuSample previous = cpu;
        if (previous == null || now.nanos() - previous.nanos() >= minNanos) {
            cpu = now;
        }
        return previous;
    }

    record CpuSample(long nanos, long cpuTime) {
    }
}
