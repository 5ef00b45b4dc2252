package io.hostbridge.api.storage;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.UUID;

/**
 * Volumes: the files of images, RAW or COW (qcow2), alone or in backing chains. Verbs that VDSM ran as tasks
 * return a job id (Job / Task verbs); a quick operation's job is already done when the call returns.
 */
@ApiNamespace(value = "Volume", description = "Volumes: create, inspect, resize, copy and delete disk volumes")
public interface VolumeApi {

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes")
    @ApiVerb(description = "Creates a volume and returns its job id. A SPARSE volume is created before the call"
            + " returns (the job is done); a PREALLOCATED one in the background, ILLEGAL until its job is done."
            + " With srcVolUUID the volume is a COW snapshot backed by that volume (srcImgUUID: its image, this"
            + " image when absent; another image makes a volume based on a template)",
            access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_ALREADY_EXISTS, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.VOLUME_CREATION_ERROR, ErrorCode.NO_SPACE_LEFT_ON_DOMAIN})
    UUID create(
            @ApiParam(value = "volumeID", description = "Id of the new volume, unique in the domain") UUID volumeID,
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id; a new image when no volume has it yet") UUID imageID,
            @ApiParam(value = "size", description = "Capacity in bytes (guest-visible size); rounded up to a multiple"
                    + " of 512", min = 1) long size,
            @ApiParam(value = "volFormat", description = "RAW or COW (qcow2)") VolumeFormat volFormat,
            @ApiParam(value = "preallocate", description = "SPARSE or PREALLOCATED") Preallocation preallocate,
            @ApiParam(value = "desc", description = "Description", optional = true, defaultValue = "\"\"",
                    maxLength = 1024) String desc,
            @ApiParam(value = "srcImgUUID", description = "Image of the parent volume; the all-zero UUID means none",
                    optional = true) UUID srcImgUUID,
            @ApiParam(value = "srcVolUUID", description = "Parent (backing) volume; the all-zero UUID means none",
                    optional = true) UUID srcVolUUID,
            @ApiParam(value = "initialSize", description = "For a SPARSE COW volume: space to reserve now, in bytes",
                    optional = true, min = 1) Long initialSize,
            @ApiParam(value = "diskType", description = "VDSM's disk type (DATA, ISOF, MEMD, ...), recorded",
                    optional = true, defaultValue = "\"DATA\"", maxLength = 16) String diskType,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}")
    @ApiVerb(description = "A volume's metadata and sizes, and whether it is in use", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST})
    VolumeInfo getInfo(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/size")
    @ApiVerb(description = "A volume's file size and the space it occupies", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST})
    VolumeSize getSize(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Ends a volume's use by a process of this host. A localfs domain has nothing to"
            + " deactivate (as VDSM's file domains), so this checks that the domain is active and the volume exists",
            access = AccessLevel.READ, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST})
    void teardown(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID);

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/extend")
    @ApiVerb(description = "Grows a volume to newSize bytes (rounded up to a multiple of 512). Shrinking is"
            + " refused, and so is a volume in use, an ILLEGAL one, or one that is the parent of another",
            access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST,
                    ErrorCode.VOLUME_IS_BUSY, ErrorCode.VOLUME_HAS_CHILDREN, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.VOLUME_RESIZE_VALUE_ERROR, ErrorCode.VOLUME_EXTENDING_ERROR,
                    ErrorCode.NO_SPACE_LEFT_ON_DOMAIN})
    void extendSize(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "newSize", description = "New capacity in bytes", min = 1) long newSize,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/measure")
    @ApiVerb(description = "Space a copy of the volume (its chain collapsed) needs in a format", access =
            AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST})
    VolumeMeasure measure(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "dest_format", description = "Format of the copy") VolumeFormat destFormat,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/copy")
    @ApiVerb(description = "Copies a volume (its chain collapsed) into a new volume of the same capacity, in the"
            + " given format and allocation, in a job (returns the job id). The new volume is ILLEGAL until the"
            + " copy is done; a failed or aborted copy removes it", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_ALREADY_EXISTS, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.NO_SPACE_LEFT_ON_DOMAIN, ErrorCode.VOLUME_COPY_ERROR})
    UUID copy(
            @ApiParam(value = "storagedomainID", description = "Source domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Source image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Source volume id") UUID volumeID,
            @ApiParam(value = "dstSdUUID", description = "Destination domain id") UUID dstSdUUID,
            @ApiParam(value = "dstImgUUID", description = "Destination image id") UUID dstImgUUID,
            @ApiParam(value = "dstVolUUID", description = "Id of the new volume") UUID dstVolUUID,
            @ApiParam(value = "volFormat", description = "Format of the new volume") VolumeFormat volFormat,
            @ApiParam(value = "preallocate", description = "Allocation of the new volume") Preallocation preallocate,
            @ApiParam(value = "desc", description = "Description of the new volume", optional = true,
                    defaultValue = "\"\"", maxLength = 1024) String desc,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}")
    @ApiVerb(description = "Deletes a volume before the call returns and returns the id of its (done) job."
            + " Refused for a volume that is another's parent or is in use", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST,
                    ErrorCode.VOLUME_IS_BUSY, ErrorCode.VOLUME_HAS_CHILDREN})
    UUID delete(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "postZero", description = "Accepted for compatibility; like VDSM's file domains, a"
                    + " localfs domain removes the file without zeroing it", optional = true,
                    defaultValue = "false") boolean postZero,
            @ApiParam(value = "force", description = "Accepted for compatibility; has no effect", optional = true,
                    defaultValue = "false") boolean force,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/qemu-info")
    @ApiVerb(description = "What qemu-img info reports about the volume's file: format, virtual size, cluster size,"
            + " backing file, qcow2 compatibility level and dirty bitmaps", access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST})
    QemuImageInfo getQemuImageInfo(
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.PUT, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/description")
    @ApiVerb(description = "Sets a volume's description (deprecated in VDSM for SDM.update_volume, which does the"
            + " same)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST})
    void setDescription(
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "description", description = "New description", maxLength = 1024) String description,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Sets a volume's legality (deprecated in VDSM for SDM.update_volume). Admin: marking"
            + " LEGAL a volume whose write did not finish lets VMs use incomplete data. Refused while the volume is"
            + " in use or a job works on it", access = AccessLevel.ADMIN, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY, ErrorCode.RESOURCE_TIMEOUT})
    void setLegality(
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "legality", description = "LEGAL or ILLEGAL") Legality legality,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Reads the volume's metadata again from its file, for a change made on the disk outside"
            + " the agent (VDSM refreshed what another host changed); a volume whose metadata file is gone is"
            + " forgotten (201)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST})
    void refresh(
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Checks a volume whose content an untrusted party wrote (an upload, an import) before anything"
            + " opens it as an image: qemu-img (limited in CPU time and memory) must find the format the metadata"
            + " has, a virtual size within the capacity, the parent the metadata has as its backing file (none for"
            + " a base), no external data file, and a qcow2 compat level hostbridge supports. Fails with"
            + " ImageVerificationError (484) saying what differs", access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST,
                    ErrorCode.IMAGE_VERIFICATION_ERROR})
    void verify_untrusted(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);
}
