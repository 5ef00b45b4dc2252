package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A block job of a running VM (VDSM's vmJobs entry): a merge started with a jobUUID, until it"
        + " is done")
public record VmBlockJob(
        @ApiField(description = "The job's id (VM.merge's jobUUID)") UUID id,
        @ApiField(description = "Always block") String jobType,
        @ApiField(description = "Always commit (a merge)") String blockJobType,
        @ApiField(description = "The drive's guest device name") String drive,
        @ApiField(description = "The drive's image") UUID imgUUID,
        @ApiField(description = "The merge's limit; 0 for none", unit = "MiB/s") int bandwidth,
        @ApiField(description = "Bytes copied so far", unit = "bytes") long cur,
        @ApiField(description = "Bytes to copy; cur = end when the copy is done", unit = "bytes") long end) {
}
