package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/** I/O counters of one drive since the VM started. */
@ApiType(description = "I/O counters of one drive since the VM started")
public record VmDiskStats(
        @ApiField(description = "Host file of the drive") String path,
        @ApiField(description = "Bytes read", unit = "bytes") long readBytes,
        @ApiField(description = "Bytes written", unit = "bytes") long writeBytes,
        @ApiField(description = "Read requests") long readOps,
        @ApiField(description = "Write requests") long writeOps) {
}
