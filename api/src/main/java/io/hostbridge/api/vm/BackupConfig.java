package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.UUID;

@ApiType(description = "A backup to start (VDSM's BackupConfig)")
public record BackupConfig(
        @ApiField(name = "backup_id", description = "The backup's id, for VM.backup_info and VM.stop_backup")
        UUID backupId,
        @ApiField(description = "The disks to export", maxItems = 26) List<BackupDisk> disks,
        @ApiField(name = "from_checkpoint_id", description = "An incremental backup exports what changed since this"
                + " checkpoint", optional = true) UUID fromCheckpointId,
        @ApiField(name = "to_checkpoint_id", description = "A new checkpoint taken with the backup, on the disks with"
                + " checkpoint true: the next incremental backup starts from it", optional = true)
        UUID toCheckpointId,
        @ApiField(name = "parent_checkpoint_id", description = "Accepted for compatibility, not used (as VDSM since"
                + " 4.4.6)", optional = true) UUID parentCheckpointId,
        @ApiField(name = "require_consistency", description = "Refuse the backup when the guest's file systems cannot"
                + " be frozen; default false (then the backup is taken without)", optional = true)
        Boolean requireConsistency,
        @ApiField(name = "creation_time", description = "The checkpoint's creation time (seconds since the epoch);"
                + " default now", optional = true, min = 0, max = 253_402_300_799L) Long creationTime) {
}
