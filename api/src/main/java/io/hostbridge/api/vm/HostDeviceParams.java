package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A host device as libvirt's node devices describe it (VDSM's HostDeviceParams, the fields"
        + " hostbridge reads)")
public record HostDeviceParams(
        @ApiField(description = "libvirt's capability type: system, pci, usb_device, net, scsi_host, storage, ...")
        String capability,
        @ApiField(description = "Name of the parent device", optional = true) String parent,
        @ApiField(description = "Kernel driver bound to it", optional = true) String driver,
        @ApiField(description = "Vendor name", optional = true) String vendor,
        @ApiField(description = "Vendor id, e.g. 0x8086", optional = true, name = "vendor_id") String vendorId,
        @ApiField(description = "Product name", optional = true) String product,
        @ApiField(description = "Product id, e.g. 0x100e", optional = true, name = "product_id") String productId,
        @ApiField(description = "IOMMU group of a PCI device", optional = true, name = "iommu_group")
        Integer iommuGroup) {
}
