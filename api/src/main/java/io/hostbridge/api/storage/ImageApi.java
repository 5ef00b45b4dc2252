package io.hostbridge.api.storage;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.UUID;

/** Images: the chains of volumes that make one disk. */
@ApiNamespace(value = "Image", description = "Images: a disk's chain of volumes")
public interface ImageApi {

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes")
    @ApiVerb(description = "The image's volumes, from its base to its leaf", access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.IMAGE_DOES_NOT_EXIST})
    List<UUID> getVolumes(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/storage-domains/{storagedomainID}/images/{imageID}")
    @ApiVerb(description = "Deletes an image and all its volumes, in a job (returns the job id). Refused while one"
            + " of its volumes is in use or is the parent of a volume in another image. The volumes are ILLEGAL"
            + " from the moment the call returns", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.IMAGE_DOES_NOT_EXIST,
                    ErrorCode.VOLUME_IS_BUSY, ErrorCode.VOLUME_HAS_CHILDREN})
    UUID delete(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "postZero", description = "Accepted for compatibility; like VDSM's file domains, a"
                    + " localfs domain removes the files without zeroing them", optional = true,
                    defaultValue = "false") boolean postZero,
            @ApiParam(value = "force", description = "Accepted for compatibility; has no effect", optional = true,
                    defaultValue = "false") boolean force,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Deletes some volumes of an image, children before parents, before the call returns, and"
            + " returns the id of its (done) job. Every volume is checked first: refused, with nothing deleted, if"
            + " one is in use or is the parent of a volume not in the list", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY, ErrorCode.VOLUME_HAS_CHILDREN})
    UUID deleteVolumes(
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "volumeList", description = "Volumes to delete", maxItems = 1024) List<UUID> volumeList,
            @ApiParam(value = "postZero", description = "Accepted for compatibility; like VDSM's file domains, a"
                    + " localfs domain removes the files without zeroing them", optional = true,
                    defaultValue = "false") boolean postZero,
            @ApiParam(value = "force", description = "Accepted for compatibility; has no effect", optional = true,
                    defaultValue = "false") boolean force,
            @ApiParam(value = "discard", description = "Accepted for compatibility; removing a file frees its"
                    + " space", optional = true, defaultValue = "false") boolean discard,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Checks that a volume and every volume under it (its chain, into a template's image) can be"
            + " used: each exists, its file is there and readable, and it is LEGAL unless allowIllegal; returns the"
            + " volume's path and the chain. A localfs domain has nothing to activate, so this is all preparing"
            + " takes", access = AccessLevel.READ, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME})
    PreparedImage prepare(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "The volume, usually the image's leaf") UUID volumeID,
            @ApiParam(value = "allowIllegal", description = "Accept ILLEGAL volumes in the chain", optional = true,
                    defaultValue = "false") boolean allowIllegal,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);
}
