package io.hostbridge.api.storage;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.UUID;

/** Storage domains: where images and volumes live. */
@ApiNamespace(value = "StorageDomain", description = "Storage domains: create, inspect, activate, remove")
public interface StorageDomainApi {

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains")
    @ApiVerb(description = "Creates a storage domain. For localfs, typeArgs is an absolute, existing directory that is"
            + " not inside another domain; the domain is made in <typeArgs>/<storagedomainID>. Admin: it writes"
            + " where the caller says on the host",
            access = AccessLevel.ADMIN, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_CREATION_ERROR, ErrorCode.STORAGE_DOMAIN_ALREADY_EXISTS,
                    ErrorCode.STORAGE_DOMAIN_ILLEGAL_REMOTE_PATH})
    void create(
            @ApiParam(value = "storagedomainID", description = "Id of the new domain") UUID storagedomainID,
            @ApiParam(value = "domainType", description = "Domain type") DomainType domainType,
            @ApiParam(value = "typeArgs", description = "localfs: absolute path of an existing directory",
                    maxLength = 4096) String typeArgs,
            @ApiParam(value = "name", description = "Human-readable name", maxLength = 256) String name,
            @ApiParam(value = "domainClass", description = "Domain class") DomainClass domainClass,
            @ApiParam(value = "version", description = "Domain format version, recorded and reported (the localfs"
                    + " layout is the same for every version)", optional = true, defaultValue = "5", min = 0,
                    max = 5) int version);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}")
    @ApiVerb(description = "A domain's metadata", access = AccessLevel.READ, since = "0.2",
            errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    StorageDomainInfo getInfo(@ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/stats")
    @ApiVerb(description = "A domain's space and content counts", access = AccessLevel.READ, since = "0.2",
            errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    StorageDomainStats getStats(@ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/images")
    @ApiVerb(description = "Ids of the images in a domain", access = AccessLevel.READ, since = "0.2",
            errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    List<UUID> getImages(@ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID);

    @RestMapping(method = RestMapping.Method.GET, path = "/storage-domains/{storagedomainID}/volumes")
    @ApiVerb(description = "Ids of the volumes of one image, or of the whole domain", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.IMAGE_DOES_NOT_EXIST})
    List<UUID> getVolumes(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Only this image's volumes", optional = true) UUID imageID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/activate")
    @ApiVerb(description = "Makes a domain active: its volumes may be used and changed", access = AccessLevel.ADMIN,
            since = "0.2", errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    void activate(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/deactivate")
    @ApiVerb(description = "Makes a domain inactive: its volumes can no longer be used or changed until activated."
            + " Refused while a volume is in use or a job works on the domain", access = AccessLevel.ADMIN,
            since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY})
    void deactivate(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "storagepoolID", description = "Accepted for compatibility; there are no pools",
                    optional = true) UUID storagepoolID);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/storage-domains/{storagedomainID}")
    @ApiVerb(description = "Removes a domain and its directory. A domain that still holds images is removed only"
            + " with autoDetach=true; never while a volume is in use or a job works on it",
            access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_EMPTY, ErrorCode.VOLUME_IS_BUSY})
    void format(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "autoDetach", description = "Also remove a domain that still holds images (force)",
                    optional = true, defaultValue = "false") boolean autoDetach);

    @RestMapping(method = RestMapping.Method.PUT, path = "/storage-domains/{storagedomainID}/description")
    @ApiVerb(description = "Sets a domain's description, which StorageDomain.getInfo reports as its name",
            access = AccessLevel.ADMIN, since = "0.2", errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    void setDescription(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "description", description = "New description", maxLength = 256) String description);

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/validate")
    @ApiVerb(description = "Checks that a domain is accessible: its metadata can be read and its directory written."
            + " Returns nothing when it is; fails with StorageDomainAccessError (379) when it is not",
            access = AccessLevel.READ, since = "0.2",
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_ACCESS_ERROR})
    void validate(@ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID);

    @ApiVerb(description = "A domain's metadata and every volume's, as stored, with the volumes' sizes. A volume"
            + " whose file is missing or unreadable is reported with status INVALID", access = AccessLevel.READ,
            since = "0.2", errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    StorageDomainDump dump(
            @ApiParam(value = "sd_id", description = "Domain id") UUID sdId,
            @ApiParam(value = "full", description = "Accepted for compatibility: a localfs domain has no leases,"
                    + " lockspace or xleases to add", optional = true, defaultValue = "false") boolean full);

    @ApiVerb(description = "The files of an ISO domain (in <domain>/images/11111111-1111-1111-1111-111111111111, as"
            + " VDSM kept them) whose names match a glob pattern (*, ?, [...]), by name, with their size, change time"
            + " and whether they can be read; none for a domain without that directory", access = AccessLevel.READ,
            since = "0.2", errors = ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST)
    java.util.Map<String, FileStats> getFileStats(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "pattern", description = "Glob pattern of file names; '*' for all", optional = true,
                    defaultValue = "\"*\"", maxLength = 256) String pattern,
            @ApiParam(value = "caseSensitive", description = "Match the pattern's case", optional = true,
                    defaultValue = "false") boolean caseSensitive);
}
