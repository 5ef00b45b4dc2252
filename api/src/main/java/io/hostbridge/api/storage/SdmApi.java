package io.hostbridge.api.storage;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.UUID;

/** VDSM's storage-domain-manager jobs, which take their job id from the caller. */
@ApiNamespace(value = "SDM", description = "Storage jobs with caller-chosen job ids (VDSM's SDM verbs)")
public interface SdmApi {

    @ApiVerb(description = "Copies the content of a volume (its whole chain, collapsed) into an existing volume of"
            + " at least the same capacity, converting the format as needed, in a job with the given id. The"
            + " destination is ILLEGAL until the copy succeeds and stays ILLEGAL if it fails or is aborted",
            access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST,
                    ErrorCode.VOLUME_IS_BUSY, ErrorCode.ILLEGAL_VOLUME, ErrorCode.VOLUME_RESIZE_VALUE_ERROR,
                    ErrorCode.VOLUME_COPY_ERROR})
    void copy_data(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "source", description = "Volume to read") VolumeEndpoint source,
            @ApiParam(value = "destination", description = "Volume to overwrite") VolumeEndpoint destination);
}
