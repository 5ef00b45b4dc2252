package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A prepared image (VDSM's PreparedImageInfo): the path to give a VM or a tool, and every"
        + " volume of its chain")
public record PreparedImage(
        @ApiField(description = "The volume's file") String path,
        @ApiField(description = "The chain, base first, each with its file") List<VolumeEndpointPath> imgVolumesInfo) {
}
