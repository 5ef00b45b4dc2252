package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** On-disk format of a drive, in VDSM's words. */
@ApiType(description = "Drive format: raw, or cow (qcow2)")
public enum DriveFormat {
    @WireName("raw") RAW,
    /** qcow2. */
    @WireName("cow") COW
}
