package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;

/** On-disk format of a volume, by VDSM's names. */
@ApiType(description = "Volume format: RAW (a plain image) or COW (qcow2, may have a backing volume)")
public enum VolumeFormat {
    RAW,
    COW
}
