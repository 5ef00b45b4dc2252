package io.hostbridge.api.storage;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamMode;
import java.util.UUID;

/**
 * A volume's data moved through a data stream on the caller's own connection (AMQP, STOMP, or a WebSocket after
 * a REST call): for a manager that reaches the host only through its message broker. Part of the Volume
 * namespace; served by the image transfer capability, which reads and writes volumes as its data server does.
 */
@ApiNamespace(value = "Volume", description = "Volumes: create, inspect, resize, copy and delete disk volumes")
public interface VolumeDataApi {

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/upload")
    @ApiVerb(description = "Writes the caller's data into a volume's guest-visible bytes from offset, through a data"
            + " stream (in). The volume is ILLEGAL from this call until the stream's finishing handshake, when the"
            + " data is on disk and it is LEGAL again; an aborted or failed upload leaves it ILLEGAL (one that ends"
            + " before its first byte leaves the volume as it was). Data beyond"
            + " offset + size (or the volume's capacity) ends the stream with an error",
            access = AccessLevel.WRITE, since = "0.2", stream = StreamMode.IN,
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.VOLUME_IS_BUSY, ErrorCode.VOLUME_HAS_CHILDREN,
                    ErrorCode.RESOURCE_EXHAUSTED})
    StreamHandler upload(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "offset", description = "Where the data starts, in bytes", optional = true,
                    defaultValue = "0", min = 0) long offset,
            @ApiParam(value = "size", description = "How many bytes the caller sends; at most the capacity after"
                    + " offset, which is the default", optional = true, min = 1) Long size);

    @RestMapping(method = RestMapping.Method.POST, path = "/storage-domains/{storagedomainID}/images/{imageID}/volumes/{volumeID}/download")
    @ApiVerb(description = "Reads a volume's guest-visible bytes (a qcow2 volume through qemu-nbd, with its"
            + " backing chain) from offset through a data stream (out); unallocated and zero ranges go as holes",
            access = AccessLevel.WRITE, since = "0.2", stream = StreamMode.OUT,
            errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME, ErrorCode.RESOURCE_EXHAUSTED})
    StreamHandler download(
            @ApiParam(value = "storagedomainID", description = "Domain id") UUID storagedomainID,
            @ApiParam(value = "imageID", description = "Image id") UUID imageID,
            @ApiParam(value = "volumeID", description = "Volume id") UUID volumeID,
            @ApiParam(value = "offset", description = "Where to start, in bytes", optional = true,
                    defaultValue = "0", min = 0) long offset,
            @ApiParam(value = "size", description = "How many bytes to send; the rest of the capacity after offset"
                    + " by default", optional = true, min = 1) Long size);
}
