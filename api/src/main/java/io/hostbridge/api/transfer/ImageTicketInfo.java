package io.hostbridge.api.transfer;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.UUID;

/** A ticket as {@code Host.get_image_ticket} reports it: what was asked for, and how the transfer is going. */
@ApiType(description = "An image ticket and the state of its transfer")
public record ImageTicketInfo(
        @ApiField(description = "Ticket id") UUID uuid,
        @ApiField(description = "Bytes of the image the ticket gives access to", unit = "bytes") long size,
        @ApiField(description = "Allowed operations") List<TicketOp> ops,
        @ApiField(description = "Seconds the ticket lives after its last use", unit = "s") long timeout,
        @ApiField(name = "inactivity_timeout", description = "Seconds an idle data connection is kept", unit = "s")
        long inactivityTimeout,
        @ApiField(name = "transfer_id", description = "Id of the transfer", optional = true) String transferId,
        @ApiField(description = "File name suggested to downloaders", optional = true) String filename,
        @ApiField(description = "Zeroing punches holes") boolean sparse,
        @ApiField(description = "Dirty extents requested") boolean dirty,
        @ApiField(description = "The target as a file:// URL, or the NBD URL it was given") String url,
        @ApiField(description = "True while a data operation is in progress") boolean active,
        @ApiField(description = "True once the ticket was removed while in use") boolean canceled,
        @ApiField(description = "Data connections attached to the ticket") int connections,
        @ApiField(name = "idle_time", description = "Seconds since the last operation ended; 0 while active",
                unit = "s") long idleTime,
        @ApiField(description = "When the ticket expires unless used or extended, in seconds since the epoch",
                unit = "s") long expires,
        @ApiField(description = "Bytes read, written or zeroed so far", unit = "bytes") long transferred) {
}
