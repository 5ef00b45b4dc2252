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

    @ApiVerb(description = "Adds a persistent dirty bitmap to a qcow2 volume that no VM uses (cold backup), in a job"
            + " with the given id. Refused if the volume or a volume under it has a bitmap of that name",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY,
                    ErrorCode.ILLEGAL_VOLUME, ErrorCode.UNSUPPORTED_OPERATION})
    void add_bitmap(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "vol_info", description = "The volume") VolumeEndpoint volInfo,
            @ApiParam(value = "bitmap", description = "Bitmap name: 1 to 1023 printable characters, not starting"
                    + " with '-'", maxLength = 1023) String bitmap);

    @ApiVerb(description = "Removes a dirty bitmap from a qcow2 volume that no VM uses, in a job with the given id",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY,
                    ErrorCode.ILLEGAL_VOLUME, ErrorCode.UNSUPPORTED_OPERATION, ErrorCode.BITMAP_DOES_NOT_EXIST})
    void remove_bitmap(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "vol_info", description = "The volume") VolumeEndpoint volInfo,
            @ApiParam(value = "bitmap", description = "Bitmap name", maxLength = 1023) String bitmap);

    @ApiVerb(description = "Removes every dirty bitmap from a qcow2 volume that no VM uses, in a job with the given"
            + " id", access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY,
                    ErrorCode.ILLEGAL_VOLUME, ErrorCode.UNSUPPORTED_OPERATION})
    void clear_bitmaps(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "vol_info", description = "The volume") VolumeEndpoint volInfo);

    @ApiVerb(description = "Changes the qcow2 compatibility level of a volume that no VM uses (qemu-img amend), in a"
            + " job with the given id. The volume is ILLEGAL while the job runs, LEGAL again when it succeeds",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY,
                    ErrorCode.ILLEGAL_VOLUME, ErrorCode.UNSUPPORTED_OPERATION})
    void amend_volume(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "vol_info", description = "The volume") VolumeEndpoint volInfo,
            @ApiParam(value = "qcow2_attr", description = "What to change") Qcow2Attributes qcow2Attr);

    @ApiVerb(description = "Changes a volume's legality or description, in a job with the given id (done when the"
            + " call returns). Refused while the volume is in use", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY})
    void update_volume(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "vol_info", description = "The volume") VolumeEndpoint volInfo,
            @ApiParam(value = "vol_attr", description = "What to change") VolumeAttributes volAttr);

    @ApiVerb(description = "Cold merge: copies the data of a volume no VM uses (top) into its parent (base), in a job"
            + " with the given id (qemu-img commit). Volumes backed by top are then backed by base, and top is left"
            + " ILLEGAL for the caller to delete. With merge_bitmaps, top's dirty bitmaps are merged into base's (both"
            + " COW). Base is ILLEGAL while the job runs, LEGAL when it succeeds", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.UNSUPPORTED_OPERATION})
    void merge(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "subchain_info", description = "Top and base") SubchainInfo subchainInfo,
            @ApiParam(value = "merge_bitmaps", description = "Also merge top's dirty bitmaps into base",
                    optional = true, defaultValue = "false") boolean mergeBitmaps);

    @ApiVerb(description = "Gives back the space of a volume's zero-filled blocks, in a job with the given id, the"
            + " guest-visible data unchanged: a RAW volume's zero blocks become holes (fallocate --dig-holes), a COW"
            + " volume is rewritten without its zero clusters (qemu-img convert onto its own backing, then put in"
            + " place). Unlike VDSM's virt-sparsify it does not look into the guest's file systems, so blocks a guest"
            + " freed without zeroing stay allocated. The volume is ILLEGAL while the job runs; refused while it is in"
            + " use", access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY,
                    ErrorCode.ILLEGAL_VOLUME, ErrorCode.VOLUME_HAS_CHILDREN})
    void sparsify_volume(
            @ApiParam(value = "job_id", description = "Id for the new job") UUID jobId,
            @ApiParam(value = "vol_info", description = "The volume") VolumeEndpoint volInfo);
}
