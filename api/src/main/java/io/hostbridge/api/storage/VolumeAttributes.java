package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Volume attributes SDM.update_volume may change (VDSM's VolumeAttributes without generation"
        + " and type, which hostbridge's volumes do not have)")
public record VolumeAttributes(
        @ApiField(description = "New legality", optional = true) Legality legality,
        @ApiField(description = "New description", optional = true, maxLength = 1024) String description) {

    public VolumeAttributes {
        if (legality == null && description == null) {
            throw new IllegalArgumentException("vol_attr has nothing to update: give legality or description");
        }
    }
}
