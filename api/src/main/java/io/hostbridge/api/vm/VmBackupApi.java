package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.List;
import java.util.UUID;

/**
 * Incremental backup of a running VM's disks (libvirt's pull-mode backup and checkpoints): the disks are exported
 * over NBD on a unix socket of the agent, for image tickets whose {@code url} is a disk's NBD URL.
 */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmBackupApi {

    @ApiVerb(description = "Starts a backup of a running VM's disks: each listed disk is exported read-only over NBD as"
            + " it is at this moment (writes go on; libvirt keeps the old data in a scratch file) until"
            + " VM.stop_backup. Full, or incremental from from_checkpoint_id (only what changed since, with imageio's"
            + " dirty extents on an image ticket with dirty true). With to_checkpoint_id, a checkpoint is taken at"
            + " the same moment for the next incremental backup. The guest's file systems are frozen for the moment"
            + " when a guest agent answers. Returns each disk's NBD URL by imageID", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.BACKUP_ERROR, ErrorCode.INCONSISTENT_CHECKPOINT})
    BackupInfo start_backup(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "config", description = "The backup") BackupConfig config);

    @ApiVerb(description = "Ends the VM's backup: the NBD exports close (image tickets on them fail from then on) and"
            + " the scratch files are removed. A backup that is not running is no error",
            access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.BACKUP_ERROR})
    void stop_backup(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "backup_id", description = "The backup") UUID backupId);

    @ApiVerb(description = "The running backup's NBD URLs by imageID, and with checkpoint_id that checkpoint's XML",
            access = AccessLevel.READ, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
                    ErrorCode.NO_SUCH_BACKUP, ErrorCode.NO_SUCH_CHECKPOINT})
    BackupInfo backup_info(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "backup_id", description = "The backup") UUID backupId,
            @ApiParam(value = "checkpoint_id", description = "A checkpoint whose XML to add", optional = true)
            UUID checkpointId);

    @ApiVerb(description = "The running VM's checkpoints, oldest first (each after its parent)",
            access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.CHECKPOINT_ERROR})
    List<String> list_checkpoints(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @ApiVerb(description = "Defines checkpoints of the running VM again from their XML (as VM.dump_checkpoint gave"
            + " it) or from the backup config they were taken with, oldest first: after the VM was started again"
            + " (libvirt keeps a transient VM's checkpoints only while it runs; the disks' bitmaps stay). libvirt"
            + " checks that each disk holds the checkpoint's bitmap. Stops at the first failure and says which were"
            + " done", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.CHECKPOINT_ERROR})
    CheckpointsResult redefine_checkpoints(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "checkpoints", description = "The checkpoints, oldest first", maxItems = 1024)
            List<CheckpointSpec> checkpoints);

    @ApiVerb(description = "Deletes checkpoints of the running VM (and their bitmaps in the disks), in order; a"
            + " checkpoint that does not exist counts as deleted. Stops at the first failure and says which were done",
            access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.CHECKPOINT_ERROR})
    CheckpointsResult delete_checkpoints(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "checkpoint_ids", description = "The checkpoints to delete", maxItems = 1024)
            List<UUID> checkpointIds);

    @ApiVerb(description = "A checkpoint's XML, without the domain (what VM.redefine_checkpoints takes back)",
            access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.NO_SUCH_CHECKPOINT})
    CheckpointInfo dump_checkpoint(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "checkpoint_id", description = "The checkpoint") UUID checkpointId);
}
