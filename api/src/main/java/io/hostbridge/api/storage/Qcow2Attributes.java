package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "qcow2 attributes SDM.amend_volume may change")
public record Qcow2Attributes(
        @ApiField(description = "qcow2 compatibility level: '0.10' or '1.1'", maxLength = 8) String compat) {

    public Qcow2Attributes {
        if (compat == null) {
            throw new IllegalArgumentException("qcow2_attr has nothing to amend: give compat");
        }
        if (!compat.equals("0.10") && !compat.equals("1.1")) {
            throw new IllegalArgumentException("compat must be '0.10' or '1.1'");
        }
    }
}
