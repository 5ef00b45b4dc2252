package io.hostbridge.api.transfer;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

/** Payload of the {@code transfer.*} events. */
@ApiType(description = "A transfer's progress: which ticket, how much of the image has moved")
public record TransferEvent(
        @ApiField(description = "Ticket id") UUID uuid,
        @ApiField(name = "transfer_id", description = "Id of the transfer", optional = true) String transferId,
        @ApiField(description = "Bytes of the image", unit = "bytes") long size,
        @ApiField(description = "Bytes read, written or zeroed so far", unit = "bytes") long transferred) {
}
