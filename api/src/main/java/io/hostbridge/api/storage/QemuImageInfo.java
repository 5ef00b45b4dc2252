package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "What qemu-img info reports about a volume's file (VDSM's QemuImageInfo)")
public record QemuImageInfo(
        @ApiField(description = "Format of the file") QemuImageFormat format,
        @ApiField(description = "Guest-visible size", unit = "bytes") long virtualsize,
        @ApiField(description = "Cluster size of a qcow2 file", unit = "bytes", optional = true) Long clustersize,
        @ApiField(description = "Backing file name as the qcow2 header records it (relative to the volume's"
                + " directory)", optional = true) String backingfile,
        @ApiField(description = "qcow2 compatibility level: '0.10' or '1.1'", optional = true) String compat,
        @ApiField(description = "Persistent dirty bitmaps of a qcow2 file", optional = true)
        List<Qcow2BitmapInfo> bitmaps) {
}
