package io.hostbridge.api.transfer;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.UUID;

/**
 * An image transfer ticket as a caller creates it (VDSM/imageio field names). The target is either a volume
 * ({@code storagedomainID} + {@code imageID} + {@code volumeID}) or the {@code file://} URL of a LEGAL raw
 * volume's file; anything else is refused.
 */
@ApiType(description = "An image transfer ticket: who may read or write which volume, for how long")
public record ImageTicket(
        @ApiField(description = "Ticket id; the secret part of the transfer URL /images/<uuid>") UUID uuid,
        @ApiField(description = "Bytes of the image the ticket gives access to", unit = "bytes", min = 0) long size,
        @ApiField(description = "Allowed operations: read, write (write implies read)") List<TicketOp> ops,
        @ApiField(description = "Seconds the ticket lives after its last use; every operation restarts it; an"
                + " expired ticket is removed",
                unit = "s", min = 0, max = 31_536_000) long timeout,
        @ApiField(name = "inactivity_timeout", description = "Seconds an idle data connection is kept; default 60",
                unit = "s", optional = true, min = 1, max = 86_400) Long inactivityTimeout,
        @ApiField(name = "transfer_id", description = "Id of the transfer, for logs and events", optional = true,
                maxLength = 256) String transferId,
        @ApiField(description = "File name suggested to downloaders (Content-Disposition)", optional = true,
                maxLength = 255) String filename,
        @ApiField(description = "Zeroing punches holes (keeps the volume sparse); default false", optional = true)
        Boolean sparse,
        @ApiField(description = "Dirty extents are requested (incremental backup); default false", optional = true)
        Boolean dirty,
        @ApiField(name = "storagedomainID", description = "Storage domain of the target volume", optional = true)
        UUID storageDomainId,
        @ApiField(name = "imageID", description = "Image of the target volume", optional = true) UUID imageId,
        @ApiField(name = "volumeID", description = "Target volume", optional = true) UUID volumeId,
        @ApiField(description = "Target as the file:// URL of a LEGAL raw volume's file in an active storage domain,"
                + " instead of the ids (never the domain's metadata or any other file)",
                optional = true, maxLength = 4096) String url) {

    /** Default idle time of a data connection, as imageio's. */
    public static final long DEFAULT_INACTIVITY_TIMEOUT = 60;
}
