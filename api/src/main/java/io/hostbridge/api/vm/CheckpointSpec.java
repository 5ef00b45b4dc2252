package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A checkpoint to redefine (VDSM's Checkpoint): its id and its XML as VM.dump_checkpoint gave it,"
        + " or the backup config it was taken with")
public record CheckpointSpec(
        @ApiField(description = "The checkpoint's id (its name)") UUID id,
        @ApiField(description = "Its XML (a domaincheckpoint without the domain)", optional = true,
                maxLength = 65_536) String xml,
        @ApiField(description = "The backup it was taken with, when there is no XML", optional = true)
        BackupConfig config) {
}
