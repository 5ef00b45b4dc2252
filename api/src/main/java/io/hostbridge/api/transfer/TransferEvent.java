package io.hostbridge.api.transfer;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/**
 * Payload of the {@code transfer.*} events. It names the transfer, never the ticket: a ticket's id is the bearer
 * secret of its data URL, and events reach every subscriber.
 */
@ApiType(description = "A transfer's progress: which transfer, how much of the image has moved")
public record TransferEvent(
        @ApiField(name = "transfer_id", description = "The ticket's transfer_id; for a ticket without one,"
                + " 'ticket-' and the first 16 hex digits of the SHA-256 of the ticket id (never the id itself)"
                + " - also the event's subject") String transferId,
        @ApiField(description = "Bytes of the image", unit = "bytes") long size,
        @ApiField(description = "Bytes read, written or zeroed so far", unit = "bytes") long transferred) {
}
