package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.List;
import java.util.UUID;

/** Live snapshots of a running VM's disks and their merge back, on the storage volumes its drives use. */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmSnapshotApi {

    @ApiVerb(description = "Takes a live disk-only snapshot: each listed drive of the running VM goes on in its new"
            + " COW volume (made beforehand with Volume.create, backed by the drive's volume), all at once (libvirt's"
            + " external snapshot, reusing the volumes). The guest's file systems are frozen through its guest agent"
            + " for the moment it takes unless frozen says they are; without an answering agent the snapshot is"
            + " taken without. With snapMemory the guest's memory is saved too, into a RAW volume (the guest pauses"
            + " while it is written; no freeze is needed): VM.create with vmParams.restoreState naming that volume,"
            + " on new volumes over the snapshot's bases, resumes the guest as it was. Returns when the VM runs on the"
            + " new volumes", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME, ErrorCode.VOLUME_IS_BUSY})
    void snapshot(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "snapDrives", description = "The drives to snapshot", maxItems = 26)
            List<SnapshotDrive> snapDrives,
            @ApiParam(value = "snapMemory", description = "VDSM's memory handle 'sdUUID,spUUID,imgUUID,volUUID' of a"
                    + " RAW volume for the memory (ILLEGAL while written; it grows to the memory's size), optionally"
                    + " followed by the configuration volume's image and volume (not used); absent or empty for a"
                    + " disk-only snapshot", optional = true, maxLength = 1024) String snapMemory,
            @ApiParam(value = "frozen", description = "The guest's file systems are frozen already (VM.freeze)",
                    optional = true, defaultValue = "false") boolean frozen,
            @ApiParam(value = "jobUUID", description = "Accepted for compatibility: the call returns when the"
                    + " snapshot is taken", optional = true) UUID jobUUID,
            @ApiParam(value = "timeout", description = "Accepted for compatibility", optional = true, min = 0,
                    max = 1440) Integer timeout);

    @ApiVerb(description = "Merges a volume of the drive's chain into its parent (its base), live. The drive's leaf:"
            + " libvirt's active block commit, then the drive pivots to the base; returns when the VM runs on the"
            + " base volume, which then holds the top's data. An internal volume: libvirt's block commit; returns"
            + " when the top's child is backed by the base (the metadata follows) and the top is ILLEGAL. Either way"
            + " the top volume is left for the caller to delete", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME})
    void merge(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "drive", description = "The VM's drive, by the volume it is on now") DriveSpecVolume drive,
            @ApiParam(value = "baseVolUUID", description = "The volume to merge into: the top's parent") UUID baseVolUUID,
            @ApiParam(value = "topVolUUID", description = "The volume to merge: the drive's leaf or a volume under it")
            UUID topVolUUID,
            @ApiParam(value = "bandwidth", description = "Limit in MiB/s; 0 for none", optional = true,
                    defaultValue = "0", min = 0, max = 1_000_000) int bandwidth,
            @ApiParam(value = "jobUUID", description = "Run the merge as a job, as VDSM: the call returns once libvirt"
                    + " started it, and VM.getStats' vmJobs reports it (copied and total bytes) until it is done;"
                    + " without it, the call returns when the merge is done", optional = true) UUID jobUUID);

    @ApiVerb(description = "Grows a running VM's disk on a storage volume to newSize bytes (rounded up to a multiple of"
            + " 512): QEMU resizes the volume's file while the guest runs (libvirt's block resize) and the guest sees"
            + " the new size; the volume's capacity follows. Returns the new size. Shrinking is refused",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
                    ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.VOLUME_RESIZE_VALUE_ERROR})
    long diskSizeExtend(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "driveSpecs", description = "The VM's drive, by the volume it is on") DriveSpecVolume driveSpecs,
            @ApiParam(value = "newSize", description = "The new size in bytes", min = 1) long newSize);

    @ApiVerb(description = "Reads a running VM's drive's volume sizes again (VDSM's refresh_disk after a volume"
            + " was extended): the file's size and the space it occupies; a capacity QEMU reports above the volume's"
            + " recorded one (the file grew under the VM) is recorded", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.DRIVE_REFRESH_ERROR})
    io.hostbridge.api.storage.VolumeSize refresh_disk(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "drive", description = "The drive, by the volume it is on") DriveSpecVolume drive);

    @ApiVerb(description = "Whether each partition of a disk starts on a 64 KiB boundary, by partition name as"
            + " libguestfs's virt-alignment-scan (which VDSM ran) names them, /dev/sda1 and on: read from the disk's"
            + " partition table as the guest sees it (MBR with its logical partitions, or GPT). vmID is the blank"
            + " UUID for any volume (as VDSM), or a VM with a drive on the volume (read while it runs)",
            access = AccessLevel.READ, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.VOLUME_DOES_NOT_EXIST,
                    ErrorCode.IMAGE_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST})
    java.util.Map<String, Boolean> getDiskAlignment(
            @ApiParam(value = "vmID", description = "The blank UUID, or the VM the disk belongs to") UUID vmID,
            @ApiParam(value = "disk", description = "The disk, by its volume") DriveSpecVolume disk);

    @ApiVerb(description = "Starts copying a running VM's drive to another volume, typically in another domain (live"
            + " storage migration): libvirt's block copy mirrors every write from then on. A destination with a"
            + " parent receives the top layer only (its chain must hold the same data below, as SDM.copy_data makes"
            + " it); one without, the whole disk. The destination is in use by the VM until VM.diskReplicateFinish",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
                    ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.VOLUME_IS_BUSY})
    void diskReplicateStart(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "srcDisk", description = "The drive, by the volume it is on") DriveSpecVolume srcDisk,
            @ApiParam(value = "dstDisk", description = "The volume to copy it to") DriveSpecVolume dstDisk,
            @ApiParam(value = "needExtend", description = "Accepted for compatibility: file volumes need no"
                    + " extension", optional = true, defaultValue = "true") boolean needExtend);

    @ApiVerb(description = "Ends a drive's replication: with dstDisk the destination, waits until the copy has caught"
            + " up and switches the drive to it (the VM runs on the destination from then on); with dstDisk equal to"
            + " srcDisk, cancels the copy and the drive stays where it was", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void diskReplicateFinish(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "srcDisk", description = "The drive, by the volume it is on") DriveSpecVolume srcDisk,
            @ApiParam(value = "dstDisk", description = "The destination, or srcDisk to cancel") DriveSpecVolume dstDisk);

    @ApiVerb(description = "Hibernates the running VM: libvirt saves its memory state into a RAW volume (the first"
            + " volume of VDSM's handle; ILLEGAL while written) and the VM ends Down with exitReason SaveState. A"
            + " VM.create with the same id and vmParams.restoreState naming that volume resumes it where it"
            + " stopped", access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
                    ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY,
                    ErrorCode.VOLUME_HAS_CHILDREN})
    void hibernate(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "hibernationVolHandle", description = "VDSM's handle: 'sdUUID,spUUID,imgUUID,volUUID'"
                    + " of the memory volume, then optionally the configuration volume's image and volume (not"
                    + " used)", maxLength = 512) String hibernationVolHandle);
}
