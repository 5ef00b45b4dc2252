package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.DriveSpecVolume;
import io.hostbridge.api.vm.SnapshotDrive;
import io.hostbridge.api.vm.VmDrive;
import io.hostbridge.api.vm.VmSnapshotApi;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainBlockJobInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live disk-only snapshots onto storage volumes made beforehand, and the active merge of a drive's leaf back into its
 * base, each in the VM's turn; the VM's drives (and its stored record) follow, as after a hotplug.
 */
@Singleton
final class VmSnapshotService implements VmSnapshotApi {
    private static final Logger LOG = LoggerFactory.getLogger(VmSnapshotService.class);
    // virDomainSnapshotCreateFlags
    private static final int SNAPSHOT_NO_METADATA = 4;
    private static final int SNAPSHOT_DISK_ONLY = 16;
    private static final int SNAPSHOT_REUSE_EXT = 32;
    private static final int SNAPSHOT_QUIESCE = 64;
    private static final int SNAPSHOT_ATOMIC = 128;
    // virDomainBlockCopyFlags
    private static final int COPY_SHALLOW = 1;
    private static final int COPY_REUSE_EXT = 2;
    private static final int COPY_TRANSIENT_JOB = 4;
    /** {@code VIR_DOMAIN_BLOCK_RESIZE_BYTES}. */
    private static final int BLOCK_RESIZE_BYTES = 1;
    /** {@code VIR_DOMAIN_BLOCK_COMMIT_ACTIVE}, {@code VIR_DOMAIN_BLOCK_COMMIT_RELATIVE}. */
    private static final int COMMIT_ACTIVE = 4;
    private static final int COMMIT_RELATIVE = 8;
    /** {@code VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT}. */
    private static final int JOB_PIVOT = 2;
    private static final UUID BLANK = new UUID(0, 0);
    /** virt-alignment-scan's "ok": a partition starting on a 64 KiB boundary. */
    private static final long ALIGNMENT = 64 * 1024;
    /** How long a merge may take before the call gives up on it (the block job is cancelled). */
    static final Duration MERGE_WAIT = Duration.ofMinutes(30);

    private final VmRegistry registry;
    private final DomainCalls domains;
    private final Optional<VolumeCatalog> catalog;
    private final VmDevicesService devices;
    /** Where merges started with a jobUUID wait for QEMU (each holds its VM's turn meanwhile, as a call would). */
    private final java.util.concurrent.ExecutorService mergers = java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
                Thread t = new Thread(r, "vm-merge");
                t.setDaemon(true);
                return t;
            });

    @Inject
    VmSnapshotService(VmRegistry registry, DomainCalls domains, Optional<VolumeCatalog> catalog,
                      VmDevicesService devices) {
        this.registry = registry;
        this.domains = domains;
        this.catalog = catalog;
        this.devices = devices;
    }

    private VolumeCatalog volumes() {
        return catalog.orElseThrow(() -> BridgeException.of(ErrorCode.GENERAL, "this agent has no storage volumes"));
    }

    /** A planned snapshot of one drive. */
    private record Plan(int index, VolumeCatalog.Volume top) {
    }

    @Override
    public void snapshot(UUID vmID, List<SnapshotDrive> snapDrives, String snapMemory, boolean frozen, UUID jobUUID,
                         Integer timeout) {
        Vm vm = registry.require(vmID);
        io.hostbridge.api.vm.VolumeHandle memory = null;
        if (snapMemory != null && !snapMemory.isEmpty()) {
            try {
                memory = io.hostbridge.api.vm.VolumeHandle.parse(snapMemory);
            } catch (IllegalArgumentException e) {
                throw invalid("snapMemory", e.getMessage());
            }
        }
        if (snapDrives.isEmpty()) {
            throw invalid("snapDrives", "no drive to snapshot");
        }
        io.hostbridge.api.vm.VolumeHandle memoryVolume = memory;
        domains.call(vm, "snapshot", domain -> {
            Map<Integer, Plan> plans = new LinkedHashMap<>();
            for (int i = 0; i < snapDrives.size(); i++) {
                SnapshotDrive d = snapDrives.get(i);
                String where = "snapDrives[" + i + "]";
                VolumeCatalog.Volume base = volumes().resolve(d.domainID(), d.imageID(), d.baseVolumeID());
                int index = vm.drivePaths().indexOf(base.path());
                if (index < 0) {
                    throw invalid(where + ".baseVolumeID", "the VM has no drive on volume " + d.baseVolumeID());
                }
                VolumeCatalog.Volume top = volumes().resolve(d.domainID(), d.imageID(), d.volumeID());
                if (top.format() != VolumeCatalog.Format.QCOW2 || !d.baseVolumeID().equals(top.parentId())) {
                    throw invalid(where + ".volumeID", "must be a COW volume whose parent is baseVolumeID");
                }
                if (vm.drivePaths().contains(top.path())) {
                    throw invalid(where + ".volumeID", "the VM uses this volume already");
                }
                if (plans.put(index, new Plan(index, top)) != null) {
                    throw invalid(where, "the VM's drive on " + d.baseVolumeID() + " is listed twice");
                }
            }
            Instant start = Instant.now();
            if (memoryVolume != null) {
                withMemory(vm, domain, plans, memoryVolume);
            } else {
                diskOnly(vmID, domain, snapshotXml(vm, plans, null), frozen);
            }
            List<VmDrive> stored = VmDevicesService.pinned(vm);
            List<DomainXml.Drive> resolved = new ArrayList<>(vm.drives());
            for (Plan p : plans.values()) {
                stored.set(p.index(), onVolume(stored.get(p.index()), p.top()));
                resolved.set(p.index(), onFile(resolved.get(p.index()), p.top()));
            }
            devices.update(vm, vm.params().withDevices(stored, vm.params().nics()), resolved);
            LOG.info("VM {}: snapshot of {} drive(s) taken in {} ms", vmID, plans.size(),
                    Duration.between(start, Instant.now()).toMillis());
            return null;
        });
    }

    /** A disk-only snapshot, the guest's file systems frozen for it when its agent answers (unless frozen). */
    private static void diskOnly(UUID vmID, Domain domain, String xml, boolean frozen) throws LibvirtException {
        int flags = SNAPSHOT_DISK_ONLY | SNAPSHOT_REUSE_EXT | SNAPSHOT_NO_METADATA | SNAPSHOT_ATOMIC;
        if (frozen) {
            domain.snapshotCreateXML(xml, flags);
            return;
        }
        try {
            domain.snapshotCreateXML(xml, flags | SNAPSHOT_QUIESCE);
        } catch (LibvirtException e) {
            // as VDSM: no guest agent to freeze the file systems is no reason to refuse the snapshot
            LOG.info("VM {}: the guest's file systems could not be frozen ({}); snapshot taken without", vmID,
                    e.getMessage());
            domain.snapshotCreateXML(xml, flags);
        }
    }

    /**
     * A snapshot with the guest's memory saved into a RAW volume (ILLEGAL while written), as VDSM takes it: the guest
     * pauses while its memory is written (no freeze: the memory holds the file systems' state), then goes on in the
     * new volumes. VM.create with restoreState naming the memory volume, on drives holding the disks as they were
     * (new volumes over the snapshot's bases), resumes it from there.
     */
    private void withMemory(Vm vm, Domain domain, Map<Integer, Plan> plans, io.hostbridge.api.vm.VolumeHandle memory)
            throws LibvirtException {
        long written = intoMemoryVolume(memory, "snapMemory", file -> domain.snapshotCreateXML(
                snapshotXml(vm, plans, file.toString()), SNAPSHOT_REUSE_EXT | SNAPSHOT_NO_METADATA | SNAPSHOT_ATOMIC));
        LOG.info("VM {}: memory saved into volume {} ({} bytes)", vm.id(), memory.volumeID(), written);
    }

    /**
     * The snapshot's XML: the planned drives onto their new volumes, every other drive left out of it, and the
     * memory into {@code memoryFile} when not null.
     */
    private static String snapshotXml(Vm vm, Map<Integer, Plan> plans, String memoryFile) {
        StringBuilder x = new StringBuilder("<domainsnapshot>");
        if (memoryFile != null) {
            x.append("<memory snapshot='external' file='").append(DomainXml.esc(memoryFile)).append("'/>");
        }
        x.append("<disks>");
        for (int i = 0; i < vm.drives().size(); i++) {
            String target = vm.driveTargets().get(i);
            Plan p = plans.get(i);
            if (p == null) {
                x.append("<disk name='").append(target).append("' snapshot='no'/>");
            } else {
                x.append("<disk name='").append(target).append("' snapshot='external' type='file'><source file='")
                        .append(DomainXml.esc(p.top().path().toString())).append("'/><driver type='qcow2'/></disk>");
            }
        }
        return x.append("</disks></domainsnapshot>").toString();
    }

    @Override
    public void merge(UUID vmID, DriveSpecVolume drive, UUID baseVolUUID, UUID topVolUUID, int bandwidth, UUID jobUUID) {
        Vm vm = registry.require(vmID);
        if (jobUUID == null) {
            domains.call(vm, "merge", domain -> {
                startMerge(vm, domain, drive, baseVolUUID, topVolUUID, bandwidth).finish(domain);
                return null;
            });
            return;
        }
        if (vm.blockJobs().containsKey(jobUUID)) {
            throw invalid("jobUUID", "job " + jobUUID + " runs already");
        }
        Merge merge = domains.call(vm, "merge", domain -> startMerge(vm, domain, drive, baseVolUUID, topVolUUID,
                bandwidth));
        vm.blockJobs().put(jobUUID, new io.hostbridge.api.vm.VmBlockJob(jobUUID, "block", "commit", merge.target(),
                drive.imageID(), bandwidth, 0, 0));
        mergers.execute(() -> {
            try {
                domains.call(vm, "merge", domain -> {
                    merge.finish(domain);
                    return null;
                });
            } catch (RuntimeException e) {
                // the caller sees the job gone from vmJobs and the chain as it is (VDSM's manager checks it then)
                LOG.warn("VM {}: merge job {} failed: {}", vmID, jobUUID, e.getMessage(), e);
            } finally {
                vm.blockJobs().remove(jobUUID);
            }
        });
    }

    /** A merge libvirt runs: the drive it runs on, and what ends it (in the VM's turn). */
    private record Merge(String target, DomainCalls.DomainFunction<Void> end) {
        void finish(Domain domain) throws LibvirtException {
            end.apply(domain);
        }
    }

    /** Checks a merge and starts libvirt's block job: an active commit for the drive's leaf, else a commit. */
    private Merge startMerge(Vm vm, Domain domain, DriveSpecVolume drive, UUID baseVolUUID, UUID topVolUUID,
                             int bandwidth) throws LibvirtException {
        if (!drive.volumeID().equals(topVolUUID)) {
            return startInternal(vm, domain, drive, baseVolUUID, topVolUUID, bandwidth);
        }
        VolumeCatalog.Volume top = volumes().resolve(drive.domainID(), drive.imageID(), topVolUUID);
        int index = vm.drivePaths().indexOf(top.path());
        if (index < 0) {
            throw invalid("drive", "the VM has no drive on volume " + topVolUUID);
        }
        if (!baseVolUUID.equals(top.parentId())) {
            throw invalid("baseVolUUID", "must be the parent of topVolUUID");
        }
        VolumeCatalog.Volume base = volumes().resolve(drive.domainID(), drive.imageID(), baseVolUUID);
        String target = vm.driveTargets().get(index);
        Instant start = Instant.now();
        domain.blockCommit(target, base.path().toString(), top.path().toString(), bandwidth, COMMIT_ACTIVE);
        return new Merge(target, d -> {
            awaitReady(vm, d, target);
            pivot(vm, d, target);
            awaitNoJob(vm, d, target, base.path().toString());
            List<VmDrive> stored = VmDevicesService.pinned(vm);
            stored.set(index, onVolume(stored.get(index), base));
            List<DomainXml.Drive> resolved = new ArrayList<>(vm.drives());
            resolved.set(index, onFile(resolved.get(index), base));
            devices.update(vm, vm.params().withDevices(stored, vm.params().nics()), resolved);
            LOG.info("VM {}: drive {} merged into volume {} in {} ms", vm.id(), target, baseVolUUID,
                    Duration.between(start, Instant.now()).toMillis());
            return null;
        });
    }

    /**
     * Merges an internal volume of a drive's chain into its parent while the VM runs (libvirt's block commit, the
     * names in the child's backing file kept relative); done when QEMU finished and the child is backed by the base.
     * The top is then ILLEGAL, for the caller to delete.
     */
    private Merge startInternal(Vm vm, Domain domain, DriveSpecVolume drive, UUID baseVolUUID, UUID topVolUUID,
                                int bandwidth) throws LibvirtException {
        VolumeCatalog.Volume leaf = volumes().resolve(drive.domainID(), drive.imageID(), drive.volumeID());
        int index = vm.drivePaths().indexOf(leaf.path());
        if (index < 0) {
            throw invalid("drive", "the VM has no drive on volume " + drive.volumeID());
        }
        // the top's child: the volume of the drive's chain whose parent is the top
        VolumeCatalog.Volume below = leaf;
        while (below.parentId() != null && !below.parentId().equals(topVolUUID)) {
            below = volumes().resolve(drive.domainID(), drive.imageID(), below.parentId());
        }
        if (below.parentId() == null) {
            throw invalid("topVolUUID", "volume " + topVolUUID + " is not in the chain of the drive's volume "
                    + drive.volumeID() + " in image " + drive.imageID());
        }
        VolumeCatalog.Volume child = below;
        VolumeCatalog.Volume top = volumes().resolve(drive.domainID(), drive.imageID(), topVolUUID);
        if (!baseVolUUID.equals(top.parentId())) {
            throw invalid("baseVolUUID", "must be the parent of topVolUUID in the same image");
        }
        VolumeCatalog.Volume base = volumes().resolve(drive.domainID(), drive.imageID(), baseVolUUID);
        String target = vm.driveTargets().get(index);
        Instant start = Instant.now();
        domain.blockCommit(target, base.path().toString(), top.path().toString(), bandwidth, COMMIT_RELATIVE);
        return new Merge(target, d -> {
            awaitCommitted(vm, d, target);
            volumes().mergedOut(drive.domainID(), drive.imageID(), child.volumeId(), baseVolUUID, topVolUUID);
            LOG.info("VM {}: volume {} of drive {} merged into volume {} in {} ms", vm.id(), topVolUUID, target,
                    baseVolUUID, Duration.between(start, Instant.now()).toMillis());
            return null;
        });
    }

    /** Waits until the drive's (non-active) commit job is gone: QEMU ends it by itself once all is copied. */
    private static void awaitCommitted(Vm vm, Domain domain, String target) throws LibvirtException {
        Instant deadline = Instant.now().plus(MERGE_WAIT);
        while (true) {
            DomainBlockJobInfo info = domain.getBlockJobInfo(target, 0);
            if (info == null || info.type == 0) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                domain.blockJobAbort(target, 0);
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": the merge in drive " + target
                        + " did not finish within " + MERGE_WAIT.toMinutes() + " min; it was cancelled");
            }
            pause(vm);
        }
    }

    @Override
    public long diskSizeExtend(UUID vmID, DriveSpecVolume driveSpecs, long newSize) {
        Vm vm = registry.require(vmID);
        if (newSize > Long.MAX_VALUE - 511) {
            throw invalid("newSize", "too large");
        }
        long size = (newSize + 511) / 512 * 512;
        return domains.call(vm, "diskSizeExtend", domain -> {
            VolumeCatalog.Volume volume = volumes().resolve(driveSpecs.domainID(), driveSpecs.imageID(),
                    driveSpecs.volumeID());
            int index = vm.drivePaths().indexOf(volume.path());
            if (index < 0) {
                throw invalid("driveSpecs", "the VM has no drive on volume " + driveSpecs.volumeID());
            }
            if (size < volume.capacity()) {
                throw BridgeException.forParameter(ErrorCode.VOLUME_RESIZE_VALUE_ERROR, "newSize", "Shrinking is"
                        + " refused: the disk has " + volume.capacity() + " bytes, newSize is " + size);
            }
            if (size > volume.capacity()) {
                domain.blockResize(vm.driveTargets().get(index), size, BLOCK_RESIZE_BYTES);
                volumes().capacityGrown(driveSpecs.domainID(), driveSpecs.imageID(), driveSpecs.volumeID(), size);
                LOG.info("VM {}: drive {} grown to {} bytes", vmID, vm.driveTargets().get(index), size);
            }
            return size;
        });
    }

    @Override
    public io.hostbridge.api.storage.VolumeSize refresh_disk(UUID vmID, DriveSpecVolume drive) {
        Vm vm = registry.require(vmID);
        return domains.call(vm, "refresh_disk", domain -> {
            VolumeCatalog.Volume volume = volumes().resolve(drive.domainID(), drive.imageID(), drive.volumeID());
            int index = vm.drivePaths().indexOf(volume.path());
            if (index < 0) {
                throw invalid("drive", "the VM has no drive on volume " + drive.volumeID());
            }
            long capacity = domain.blockInfo(vm.driveTargets().get(index)).getCapacity();
            if (capacity > volume.capacity()) {
                volumes().capacityGrown(drive.domainID(), drive.imageID(), drive.volumeID(), capacity);
                LOG.info("VM {}: volume {} has grown to {} bytes", vmID, drive.volumeID(), capacity);
            }
            try {
                return volumes().sizes(volume);
            } catch (BridgeException e) {
                throw BridgeException.failure(ErrorCode.DRIVE_REFRESH_ERROR, "The sizes of volume "
                        + drive.volumeID() + " cannot be read", e);
            }
        });
    }

    @Override
    public Map<String, Boolean> getDiskAlignment(UUID vmID, DriveSpecVolume disk) {
        VolumeCatalog.Volume volume = volumes().resolve(disk.domainID(), disk.imageID(), disk.volumeID());
        if (!BLANK.equals(vmID) && !registry.require(vmID).drivePaths().contains(volume.path())) {
            throw invalid("disk", "VM " + vmID + " has no drive on volume " + disk.volumeID());
        }
        Map<Integer, Long> starts;
        try {
            starts = PartitionTables.starts((lba, count) -> sectors(volume, lba, count));
        } catch (java.io.IOException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "The partition table of volume " + disk.volumeID()
                    + " cannot be read", e);
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        starts.forEach((n, start) -> out.put("/dev/sda" + n, start % ALIGNMENT == 0));
        return out;
    }

    /**
     * Sectors of the volume as the guest sees them, read with qemu-io (sharing the image with a VM that runs on it),
     * from its hex dump: qemu-img dd's count is not the same across QEMU versions (7.2 counts the skipped blocks).
     */
    private static java.nio.ByteBuffer sectors(VolumeCatalog.Volume volume, long lba, int count)
            throws java.io.IOException {
        long offset = lba * PartitionTables.SECTOR;
        int length = count * PartitionTables.SECTOR;
        long size = java.nio.file.Files.size(volume.path());
        if (volume.format() == VolumeCatalog.Format.RAW && offset >= size) {
            return java.nio.ByteBuffer.allocate(0);
        }
        if (volume.format() == VolumeCatalog.Format.RAW) {
            length = (int) Math.min(length, size - offset);
        } else if (offset >= volume.capacity()) {
            return java.nio.ByteBuffer.allocate(0);
        } else {
            length = (int) Math.min(length, volume.capacity() - offset);
        }
        Process p = new ProcessBuilder("qemu-io", "-r", "-U", "-f", volume.format().qemuName(), "-c",
                "read -v " + offset + " " + length, volume.path().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new java.io.IOException("qemu-io could not read the volume: " + out.lines().findFirst()
                        .orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted reading volume " + volume.volumeId());
        }
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(length);
        for (String line : (Iterable<String>) out.lines()::iterator) {
            int colon = line.indexOf(":  ");
            if (colon < 8 || !line.substring(0, colon).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                continue; // not a dump line ("read N/N bytes at offset ...")
            }
            int at = (int) (Long.parseLong(line.substring(0, colon), 16) - offset);
            String[] hex = line.substring(colon + 3).trim().split("\\s+");
            for (int k = 0; k < 16 && k < hex.length && at + k < length && hex[k].length() == 2; k++) {
                bytes.put(at + k, (byte) Integer.parseInt(hex[k], 16));
            }
        }
        return bytes;
    }

    @Override
    public void diskReplicateStart(UUID vmID, DriveSpecVolume srcDisk, DriveSpecVolume dstDisk, boolean needExtend) {
        Vm vm = registry.require(vmID);
        domains.call(vm, "diskReplicateStart", domain -> {
            VolumeCatalog.Volume src = volumes().resolve(srcDisk.domainID(), srcDisk.imageID(), srcDisk.volumeID());
            int index = vm.drivePaths().indexOf(src.path());
            if (index < 0) {
                throw invalid("srcDisk", "the VM has no drive on volume " + srcDisk.volumeID());
            }
            String target = vm.driveTargets().get(index);
            if (vm.replications().containsKey(target)) {
                throw invalid("srcDisk", "drive " + target + " is being replicated already");
            }
            VolumeCatalog.Volume dst = volumes().resolve(dstDisk.domainID(), dstDisk.imageID(), dstDisk.volumeID());
            if (dst.path().equals(src.path()) || vm.drivePaths().contains(dst.path())) {
                throw invalid("dstDisk", "the VM uses this volume already");
            }
            if (dst.capacity() < src.capacity()) {
                throw BridgeException.forParameter(ErrorCode.VOLUME_RESIZE_VALUE_ERROR, "dstDisk", "Volume "
                        + dstDisk.volumeID() + " (" + dst.capacity() + " bytes) is smaller than the drive ("
                        + src.capacity() + " bytes)");
            }
            devicesInUse(dst, vmID);
            int flags = COPY_REUSE_EXT | (dst.parentId() != null ? COPY_SHALLOW : 0) | COPY_TRANSIENT_JOB;
            domain.blockCopy(target, "<disk type='file'><source file='" + DomainXml.esc(dst.path().toString())
                    + "'/><driver type='" + dst.format().qemuName() + "'/></disk>", new org.libvirt.TypedParameter[] {
                        // no limit; the binding cannot pass an empty parameter list
                        new org.libvirt.TypedUlongParameter("bandwidth", 0)}, flags);
            vm.replications().put(target, dst);
            LOG.info("VM {}: drive {} replicating to volume {}", vmID, target, dstDisk.volumeID());
            return null;
        });
    }

    /** The destination must be nobody's: storage's in-use check asks every user, this VM's replications too. */
    private void devicesInUse(VolumeCatalog.Volume dst, UUID vmID) {
        for (Vm other : registry.all()) {
            if (other.status() != io.hostbridge.api.vm.VmStatus.DOWN && (other.drivePaths().contains(dst.path())
                    || other.replications().containsValue(dst))) {
                throw BridgeException.of(ErrorCode.VOLUME_IS_BUSY, "Volume " + dst.volumeId() + " is in use by VM "
                        + other.id());
            }
        }
    }

    @Override
    public void diskReplicateFinish(UUID vmID, DriveSpecVolume srcDisk, DriveSpecVolume dstDisk) {
        Vm vm = registry.require(vmID);
        domains.call(vm, "diskReplicateFinish", domain -> {
            VolumeCatalog.Volume src = volumes().resolve(srcDisk.domainID(), srcDisk.imageID(), srcDisk.volumeID());
            int index = vm.drivePaths().indexOf(src.path());
            String target = index < 0 ? null : vm.driveTargets().get(index);
            VolumeCatalog.Volume dst = target == null ? null : vm.replications().get(target);
            if (dst == null) {
                throw invalid("srcDisk", "no replication of the VM's drive on volume " + srcDisk.volumeID() + " runs");
            }
            if (dstDisk.volumeID().equals(srcDisk.volumeID()) && dstDisk.domainID().equals(srcDisk.domainID())) {
                domain.blockJobAbort(target, 0);
                awaitNoJob(vm, domain, target, src.path().toString());
                vm.replications().remove(target);
                LOG.info("VM {}: replication of drive {} cancelled", vmID, target);
                return null;
            }
            if (!dst.volumeId().equals(dstDisk.volumeID()) || !dst.domainId().equals(dstDisk.domainID())) {
                throw invalid("dstDisk", "drive " + target + " replicates to volume " + dst.volumeId()
                        + ", not " + dstDisk.volumeID());
            }
            awaitReady(vm, domain, target);
            pivot(vm, domain, target);
            awaitNoJob(vm, domain, target, dst.path().toString());
            List<VmDrive> stored = VmDevicesService.pinned(vm);
            stored.set(index, onVolume(stored.get(index), dst));
            List<DomainXml.Drive> resolved = new ArrayList<>(vm.drives());
            resolved.set(index, onFile(resolved.get(index), dst));
            devices.update(vm, vm.params().withDevices(stored, vm.params().nics()), resolved);
            vm.replications().remove(target);
            LOG.info("VM {}: drive {} switched to volume {}", vmID, target, dst.volumeId());
            return null;
        });
    }

    @Override
    public void hibernate(UUID vmID, String hibernationVolHandle) {
        Vm vm = registry.require(vmID);
        io.hostbridge.api.vm.VolumeHandle handle;
        try {
            handle = io.hostbridge.api.vm.VolumeHandle.parse(hibernationVolHandle);
        } catch (IllegalArgumentException e) {
            throw invalid("hibernationVolHandle", e.getMessage());
        }
        domains.call(vm, "hibernate", domain -> {
            io.hostbridge.api.vm.VmExit saved = new io.hostbridge.api.vm.VmExit(0, "SaveState", "The VM was"
                    + " hibernated into volume " + handle.volumeID());
            long written = intoMemoryVolume(handle, "hibernationVolHandle", file -> {
                vm.expectExit(saved);
                try {
                    domain.save(file.toString());
                } catch (LibvirtException | RuntimeException e) {
                    vm.expectExit(null);
                    throw e;
                }
            });
            LOG.info("VM {}: hibernated into volume {} ({} bytes)", vmID, handle.volumeID(), written);
            return null;
        });
    }

    /** What writes a guest's memory into a file (libvirt's save, a snapshot with memory). */
    private interface MemoryWriter {
        void write(java.nio.file.Path file) throws LibvirtException;
    }

    /**
     * Lets {@code writer} write a guest's memory into the RAW volume {@code handle} names ({@code parameter} in an
     * error), ILLEGAL while it is written; the volume's capacity follows what was written. Returns the bytes written.
     */
    private long intoMemoryVolume(io.hostbridge.api.vm.VolumeHandle handle, String parameter, MemoryWriter writer)
            throws LibvirtException {
        VolumeCatalog.WriteHold hold = volumes().beginWrite(handle.domainID(), handle.imageID(), handle.volumeID(),
                v -> {
                    if (v.format() != VolumeCatalog.Format.RAW) {
                        throw invalid(parameter, "the memory volume must be RAW");
                    }
                });
        try {
            writer.write(hold.volume().path());
        } catch (LibvirtException | RuntimeException e) {
            hold.untouched();
            throw e;
        }
        hold.complete();
        long written = hold.volume().path().toFile().length();
        volumes().capacityGrown(handle.domainID(), handle.imageID(), handle.volumeID(), (written + 511) / 512 * 512);
        return written;
    }

    /** Waits until the active commit has copied everything (cur == end): ready to pivot. */
    private static void awaitReady(Vm vm, Domain domain, String target) throws LibvirtException {
        Instant deadline = Instant.now().plus(MERGE_WAIT);
        while (true) {
            DomainBlockJobInfo info = domain.getBlockJobInfo(target, 0);
            if (info == null || info.type == 0) {
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": the merge of drive " + target
                        + " ended before it could pivot");
            }
            if (info.end > 0 && info.cur == info.end) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                domain.blockJobAbort(target, 0);
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": the merge of drive " + target
                        + " did not finish within " + MERGE_WAIT.toMinutes() + " min; it was cancelled");
            }
            pause(vm);
        }
    }

    /**
     * Switches the drive to the job's new file. libvirt pivots only once QEMU reported the job ready, which may come
     * a moment after the copy caught up: until then it refuses, and the pivot is tried again.
     */
    private static void pivot(Vm vm, Domain domain, String target) throws LibvirtException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                domain.blockJobAbort(target, JOB_PIVOT);
                return;
            } catch (LibvirtException e) {
                if (Instant.now().isAfter(deadline)
                        || !Libvirt.is(e, org.libvirt.Error.ErrorNumber.VIR_ERR_BLOCK_COPY_ACTIVE)) {
                    throw e;
                }
            }
            pause(vm);
        }
    }

    /**
     * Waits until the pivot is done: the drive has no block job any more, or the live XML already shows it on
     * {@code file} with no mirror left (libvirt may report the finished job a while after QEMU switched).
     */
    private static void awaitNoJob(Vm vm, Domain domain, String target, String file) throws LibvirtException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            DomainBlockJobInfo info = domain.getBlockJobInfo(target, 0);
            if (info == null || info.type == 0 || (file != null && switched(domain.getXMLDesc(0), target, file))) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": drive " + target
                        + " did not leave its block job within 120 s");
            }
            pause(vm);
        }
    }

    /** True when the live XML has {@code target} on {@code file} and no {@code <mirror>} in that disk. */
    static boolean switched(String xml, String target, String file) {
        int at = xml.indexOf("<target dev='" + target + "'");
        if (at < 0) {
            return false;
        }
        int start = xml.lastIndexOf("<disk ", at);
        int end = xml.indexOf("</disk>", at);
        String disk = xml.substring(Math.max(0, start), end < 0 ? xml.length() : end);
        return disk.contains("<source file='" + DomainXml.esc(file) + "'") && !disk.contains("<mirror");
    }

    private static void pause(Vm vm) {
        try {
            Thread.sleep(100); // libvirt's block job events would do; polling holds only this VM's turn
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BridgeException.of(ErrorCode.GENERAL, "VM " + vm.id() + ": interrupted during a block job");
        }
    }

    /** The stored drive now on {@code volume}: by its ids when it was given by ids, else by its path. */
    private static VmDrive onVolume(VmDrive d, VolumeCatalog.Volume volume) {
        return d.volumeID() != null
                // a volume drive is used in the volume's own format
                ? new VmDrive(null, volume.domainId(), volume.imageId(), volume.volumeId(), null, d.iface(),
                d.readonly(), d.device(), d.name())
                : new VmDrive(volume.path().toString(), null, null, null, volume.format() == VolumeCatalog.Format.QCOW2
                ? io.hostbridge.api.vm.DriveFormat.COW : io.hostbridge.api.vm.DriveFormat.RAW, d.iface(), d.readonly(),
                d.device(), d.name());
    }

    private static DomainXml.Drive onFile(DomainXml.Drive d, VolumeCatalog.Volume volume) {
        return new DomainXml.Drive(volume.path().toString(), volume.format().qemuName(), d.iface(), d.readonly(),
                d.device(), d.target());
    }

    private static BridgeException invalid(String path, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path + "': "
                + rule);
    }
}
