package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "The two volumes of a cold merge (VDSM's SubchainInfo): top and its parent, base")
public record SubchainInfo(
        @ApiField(description = "Storage domain id", name = "sd_id") UUID sdId,
        @ApiField(description = "Image id", name = "img_id") UUID imgId,
        @ApiField(description = "The volume to merge", name = "top_id") UUID topId,
        @ApiField(description = "Its parent, which receives the data", name = "base_id") UUID baseId,
        @ApiField(description = "Accepted for compatibility: hostbridge's volumes have no generation", optional = true,
                name = "base_generation", min = 0) Long baseGeneration) {
}
