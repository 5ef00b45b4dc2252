package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** How one disk is backed up (VDSM's DiskBackupMode). */
@ApiType(description = "A disk's backup: full (every byte) or incremental (what changed since from_checkpoint_id)")
public enum BackupMode {
    @WireName("full") FULL,
    @WireName("incremental") INCREMENTAL
}
