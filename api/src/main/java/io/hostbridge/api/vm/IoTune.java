package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "I/O limits of one drive (VDSM's VmDiskDeviceIoTuneParams); 0 is no limit")
public record IoTune(
        @ApiField(description = "Total throughput limit", unit = "bytes/s", optional = true, min = 0,
                name = "total_bytes_sec") Long totalBytesSec,
        @ApiField(description = "Read throughput limit", unit = "bytes/s", optional = true, min = 0,
                name = "read_bytes_sec") Long readBytesSec,
        @ApiField(description = "Write throughput limit", unit = "bytes/s", optional = true, min = 0,
                name = "write_bytes_sec") Long writeBytesSec,
        @ApiField(description = "Total I/O operations per second limit", optional = true, min = 0,
                name = "total_iops_sec") Long totalIopsSec,
        @ApiField(description = "Read I/O operations per second limit", optional = true, min = 0,
                name = "read_iops_sec") Long readIopsSec,
        @ApiField(description = "Write I/O operations per second limit", optional = true, min = 0,
                name = "write_iops_sec") Long writeIopsSec) {

    /** libvirt's parameter names, in the order of the fields. */
    public static final java.util.List<String> NAMES = java.util.List.of("total_bytes_sec", "read_bytes_sec",
            "write_bytes_sec", "total_iops_sec", "read_iops_sec", "write_iops_sec");

    public IoTune {
        if (totalBytesSec != null && totalBytesSec > 0 && ((readBytesSec != null && readBytesSec > 0)
                || (writeBytesSec != null && writeBytesSec > 0))) {
            throw new IllegalArgumentException("total_bytes_sec cannot be combined with read_bytes_sec or"
                    + " write_bytes_sec");
        }
        if (totalIopsSec != null && totalIopsSec > 0 && ((readIopsSec != null && readIopsSec > 0)
                || (writeIopsSec != null && writeIopsSec > 0))) {
            throw new IllegalArgumentException("total_iops_sec cannot be combined with read_iops_sec or"
                    + " write_iops_sec");
        }
    }

    /** The values in the order of {@link #NAMES}, absent ones as 0. */
    public long[] values() {
        Long[] all = {totalBytesSec, readBytesSec, writeBytesSec, totalIopsSec, readIopsSec, writeIopsSec};
        long[] out = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i] == null ? 0 : all[i];
        }
        return out;
    }
}
