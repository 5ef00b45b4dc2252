package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;

/** Whether a volume's content may be used. */
@ApiType(description = "LEGAL: complete and usable; ILLEGAL: being created or written, or left incomplete by a"
        + " failure, and never used by a VM")
public enum Legality {
    LEGAL,
    ILLEGAL
}
