package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** A volume file's format as qemu-img names it. */
@ApiType(description = "Format of a volume's file as qemu-img names it: raw or qcow2")
public enum QemuImageFormat {
    @WireName("raw")
    RAW,
    @WireName("qcow2")
    QCOW2
}
