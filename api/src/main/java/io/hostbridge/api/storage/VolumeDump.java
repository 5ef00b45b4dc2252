package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A volume's metadata as stored, with its sizes (VDSM's VolumeDump)")
public record VolumeDump(
        @ApiField(description = "Image id") UUID image,
        @ApiField(description = "Backing (parent) volume id; 00000000-0000-0000-0000-000000000000 for a base volume")
        UUID parent,
        @ApiField(description = "Format") VolumeFormat format,
        @ApiField(description = "Allocation policy") Preallocation type,
        @ApiField(description = "Place in the chain") VolumeRole voltype,
        @ApiField(description = "Disk type") String disktype,
        @ApiField(description = "Description") String description,
        @ApiField(description = "Legality") Legality legality,
        @ApiField(description = "Guest-visible size", unit = "bytes") long capacity,
        @ApiField(description = "Creation time, seconds since the epoch", unit = "s") long ctime,
        @ApiField(description = "'OK', or 'INVALID' when the volume's file is missing or cannot be read") String status,
        @ApiField(description = "Size of the file", unit = "bytes", optional = true) Long apparentsize,
        @ApiField(description = "Space the file occupies on disk", unit = "bytes", optional = true) Long truesize) {
}
