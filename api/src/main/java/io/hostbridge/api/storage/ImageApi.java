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

    @ApiVerb(description = "Ends what Image.prepare began. A localfs domain has nothing to deactivate (as VDSM's"
            + " file domains: no logical volumes, no links to remove), so this checks that the domain is active and"
            + " the image (and the volume, when given) exists", access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.IMAGE_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST})
    void teardown(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "A volume of the image", optional = true) UUID volumeID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Makes the image's volume metadata follow its files again (after a merge that the metadata"
            + " did not see finish): walks the chain from leafVolID down through the qcow2 backing files, sets each"
            + " volume's parent to the one its file is backed by, and marks ILLEGAL the image's volumes that are no"
            + " longer in the chain (for the caller to delete). A leaf that is ILLEGAL (an interrupted merge of it) is"
            + " left out. Returns the chain, base first. Not for an image a running VM uses (refused, 203)",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.IMAGE_DOES_NOT_EXIST,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY})
    List<UUID> reconcileVolumeChain(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "leafVolID", description = "The image's leaf volume") UUID leafVolID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Makes the image's volumes in another domain, with the same ids, formats, sizes and chain,"
            + " empty and ILLEGAL until Image.syncData fills them, in a job (returns its id). A volume based on a"
            + " template needs the template in the destination first", access = AccessLevel.WRITE, since = "0.2",
            deprecated = true, errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.IMAGE_DOES_NOT_EXIST, ErrorCode.VOLUME_ALREADY_EXISTS, ErrorCode.VOLUME_DOES_NOT_EXIST})
    UUID cloneStructure(
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagedomainID", description = "Source domain id") UUID storagedomainID,
            @ApiParam(value = "dstSdUUID", description = "Destination domain id") UUID dstSdUUID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Copies the data of the image's volumes into their clones in another domain (made by"
            + " Image.cloneStructure) in a job (returns its id): ALL volumes, the INTERNAL ones or the LEAF; each"
            + " file as it is (a qcow2 layer keeps its own data and its backing name), sparse; a clone is LEGAL once"
            + " its copy is done. Refused for a volume in use", access = AccessLevel.WRITE, since = "0.2",
            deprecated = true, errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.IMAGE_DOES_NOT_EXIST, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY})
    UUID syncData(
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagedomainID", description = "Source domain id") UUID storagedomainID,
            @ApiParam(value = "dstSdUUID", description = "Destination domain id") UUID dstSdUUID,
            @ApiParam(value = "syncType", description = "ALL, INTERNAL or LEAF") SyncType syncType,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @ApiVerb(description = "Copies (COPY) or moves (MOVE) an image to another domain in a job (returns its id): its"
            + " chain made there with the same ids, every volume's data copied, and for MOVE the source image"
            + " deleted once the copy is done. Refused while a volume of the image is in use",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.IMAGE_DOES_NOT_EXIST,
                    ErrorCode.VOLUME_ALREADY_EXISTS, ErrorCode.VOLUME_IS_BUSY})
    UUID move(
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "storagedomainID", description = "Source domain id") UUID storagedomainID,
            @ApiParam(value = "dstSdUUID", description = "Destination domain id") UUID dstSdUUID,
            @ApiParam(value = "operation", description = "COPY or MOVE") ImageMoveOperation operation,
            @ApiParam(value = "postZero", description = "Accepted for compatibility", optional = true,
                    defaultValue = "false") boolean postZero,
            @ApiParam(value = "force", description = "Accepted for compatibility", optional = true,
                    defaultValue = "false") boolean force,
            @ApiParam(value = "discard", description = "Accepted for compatibility", optional = true,
                    defaultValue = "false") boolean discard,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);
}
