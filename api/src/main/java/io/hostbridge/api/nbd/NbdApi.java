package io.hostbridge.api.nbd;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.UUID;

/** Volumes exported over NBD on a unix socket of the host, through qemu-nbd. */
@ApiNamespace(value = "NBD", description = "NBD servers exporting volumes on the host's unix sockets (qemu-nbd)")
public interface NbdApi {

    @ApiVerb(description = "Exports a volume over NBD on a unix socket of the host and returns its URL"
            + " (nbd:unix:<socket>:exportname=<server_id>); the socket is in the agent's run directory"
            + " (host.runDir). A writable export makes the volume ILLEGAL until NBD.stop_server and in use"
            + " meanwhile; a read-only one keeps it in use. Admin: whoever reaches the socket reads (or writes) the"
            + " volume",
            access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST,
                    ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME,
                    ErrorCode.VOLUME_IS_BUSY, ErrorCode.VOLUME_HAS_CHILDREN})
    String start_server(
            @ApiParam(value = "server_id", description = "Id of the new server") UUID serverId,
            @ApiParam(value = "config", description = "What to export") NbdServerConfig config);

    @ApiVerb(description = "Stops an NBD server: qemu-nbd ends, its socket is removed, and a writable export's volume"
            + " is LEGAL again. Stopping an unknown server succeeds (it may have been stopped before)",
            access = AccessLevel.ADMIN, since = "0.2")
    void stop_server(@ApiParam(value = "server_id", description = "The server") UUID serverId);
}
