package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A volume: its metadata and what qemu-img reports about its file")
public record VolumeInfo(
        @ApiField(description = "Volume id") UUID uuid,
        @ApiField(description = "Storage domain id") UUID domain,
        @ApiField(description = "Image id") UUID image,
        @ApiField(description = "Backing (parent) volume id; 00000000-0000-0000-0000-000000000000 for a base volume,"
                + " as VDSM") UUID parent,
        @ApiField(description = "Image of the parent volume when it differs from this volume's image (a template)",
                optional = true) UUID parentImage,
        @ApiField(description = "Format") VolumeFormat format,
        @ApiField(description = "Allocation policy") Preallocation type,
        @ApiField(description = "Place in the chain") VolumeRole voltype,
        @ApiField(description = "Disk type given at creation (VDSM's diskType, e.g. DATA)") String disktype,
        @ApiField(description = "Description, given at creation or set later") String description,
        @ApiField(description = "Whether the content may be used") Legality legality,
        @ApiField(description = "Guest-visible size", unit = "bytes") long capacity,
        @ApiField(description = "Size of the file", unit = "bytes") long apparentsize,
        @ApiField(description = "Space the file occupies on disk", unit = "bytes") long truesize,
        @ApiField(description = "Creation time, seconds since the epoch", unit = "s") long ctime,
        @ApiField(description = "The volume's file") String path,
        @ApiField(description = "True while a running VM or an image transfer uses the volume") boolean inUse,
        @ApiField(description = "Who uses the volume, when in use", optional = true) String usedBy) {
}
