package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A volume of a prepared chain and its file")
public record VolumeEndpointPath(
        @ApiField(description = "Storage domain id") UUID domainID,
        @ApiField(description = "Image id (a template's for a volume based on one)") UUID imageID,
        @ApiField(description = "Volume id") UUID volumeID,
        @ApiField(description = "The volume's file") String path) {
}
