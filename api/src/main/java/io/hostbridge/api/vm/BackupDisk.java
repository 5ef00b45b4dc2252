package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;
import java.util.UUID;

@ApiType(description = "One disk of a backup (VDSM's BackupDisk), named by the volume the VM's drive is on")
public record BackupDisk(
        @ApiField(description = "Storage domain of the drive's volume") UUID domainID,
        @ApiField(description = "Image of the drive's volume; the key of the disk's NBD URL in the result")
        UUID imageID,
        @ApiField(description = "The volume the VM's drive is on now") UUID volumeID,
        @ApiField(description = "The backup's checkpoint (to_checkpoint_id) tracks this disk's changes from now on;"
                + " default false", optional = true) Boolean checkpoint,
        @ApiField(name = "backup_mode", description = "full or incremental; default: incremental when the backup has"
                + " a from_checkpoint_id, else full", optional = true) BackupMode backupMode,
        @ApiField(name = "scratch_disk", description = "Not supported: the agent makes each disk's scratch file"
                + " itself, in vm.backupDir; must be absent", optional = true, maxItems = 8, maxKeyLength = 64)
        Map<String, String> scratchDisk) {
}
