package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A block device of the host (VDSM's BlockDeviceInfo, for local disks: no paths, no LVM)")
public record BlockDeviceInfo(
        @ApiField(description = "Its id: the device's WWID or serial when it has one, else its kernel name",
                name = "GUID") String guid,
        @ApiField(description = "Kernel name (vda, sdb, nvme0n1, ...)") String name,
        @ApiField(description = "Always local: disks of this host") String devtype,
        @ApiField(description = "Logical size", unit = "bytes") long capacity,
        @ApiField(description = "Logical block size", unit = "bytes") int logicalblocksize,
        @ApiField(description = "Physical block size", unit = "bytes") int physicalblocksize,
        @ApiField(description = "Largest discard the device takes at once; 0 when it takes none", unit = "bytes",
                name = "discard_max_bytes") long discardMaxBytes,
        @ApiField(description = "Manufacturer, as the device reports it", optional = true) String vendorID,
        @ApiField(description = "Model, as the device reports it", optional = true) String productID,
        @ApiField(description = "Serial number, when the device reports one", optional = true) String serial,
        @ApiField(description = "Firmware revision, when the device reports one", optional = true) String fwrev,
        @ApiField(description = "True when it has partitions") boolean partitioned,
        @ApiField(description = "used (partitions, or held by another device such as LVM or RAID) or free")
        String status) {
}
