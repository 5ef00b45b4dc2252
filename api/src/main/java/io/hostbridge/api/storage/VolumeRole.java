package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;

/** A volume's place in its chain. */
@ApiType(description = "LEAF: no volume is backed by it; INTERNAL: the parent of another volume (a snapshot's base"
        + " or a template)")
public enum VolumeRole {
    LEAF,
    INTERNAL
}
