package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;

/** Whether a volume's space is reserved when it is created. */
@ApiType(description = "Allocation policy: SPARSE (space used as data is written) or PREALLOCATED (reserved at"
        + " creation)")
public enum Preallocation {
    SPARSE,
    PREALLOCATED
}
