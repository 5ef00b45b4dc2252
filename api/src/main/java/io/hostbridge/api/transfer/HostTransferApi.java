package io.hostbridge.api.transfer;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.UUID;

/**
 * Image transfer tickets, VDSM's verbs. A ticket lets an HTTP client of the image data server (imageio
 * protocol, {@code /images/<uuid>}) read or write one volume until it expires or is removed.
 */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostTransferApi {

    EventTopic<TransferEvent> STARTED = EventTopic.of("transfer.started", TransferEvent.class,
            "The first data operation of a ticket began", "0.2");
    EventTopic<TransferEvent> PROGRESS = EventTopic.of("transfer.progress", TransferEvent.class,
            "Bytes moved so far; at most once per second per ticket while data flows", "0.2");
    EventTopic<TransferEvent> FINISHED = EventTopic.of("transfer.finished", TransferEvent.class,
            "The ticket of a started transfer was removed with no operation in progress", "0.2");
    EventTopic<TransferEvent> CANCELED = EventTopic.of("transfer.canceled", TransferEvent.class,
            "The ticket was removed while operations were in progress; they were stopped", "0.2");
    EventTopic<TransferEvent> EXPIRED = EventTopic.of("transfer.expired", TransferEvent.class,
            "The ticket expired (no operation for its timeout) and the agent removed it within about a second:"
                    + " its connections were closed and its volume is no longer in use", "0.2");

    @RestMapping(method = RestMapping.Method.POST, path = "/image-tickets")
    @ApiVerb(description = "Adds an image ticket: from now on the data server lets the bearer of its uuid read"
            + " (and, with the write op, write) the target volume until the ticket expires or is removed",
            access = AccessLevel.ADMIN, since = "0.2",
            errors = {ErrorCode.TICKET_EXISTS, ErrorCode.UNAVAILABLE})
    void add_image_ticket(
            @ApiParam(value = "ticket", description = "The ticket: uuid, size, ops, timeout and the target")
            ImageTicket ticket);

    @RestMapping(method = RestMapping.Method.GET, path = "/image-tickets/{uuid}")
    @ApiVerb(description = "A ticket and the state of its transfer (active, transferred, connections, idle_time,"
            + " expires)", access = AccessLevel.ADMIN, since = "0.2", errors = ErrorCode.NO_SUCH_TICKET)
    ImageTicketInfo get_image_ticket(
            @ApiParam(value = "uuid", description = "Ticket id") UUID uuid);

    @RestMapping(method = RestMapping.Method.PATCH, path = "/image-tickets/{uuid}")
    @ApiVerb(description = "Sets the ticket's expiry to now plus timeout seconds; an expired ticket is removed"
            + " within about a second (0 expires it at once)",
            access = AccessLevel.ADMIN, since = "0.2", errors = ErrorCode.NO_SUCH_TICKET)
    void extend_image_ticket(
            @ApiParam(value = "uuid", description = "Ticket id") UUID uuid,
            @ApiParam(value = "timeout", description = "Seconds from now", min = 0, max = 31_536_000) long timeout);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/image-tickets/{uuid}")
    @ApiVerb(description = "Removes a ticket; data operations in progress are canceled and their connections"
            + " closed. Removing an unknown ticket succeeds (it may have been removed before)",
            access = AccessLevel.ADMIN, since = "0.2")
    void remove_image_ticket(
            @ApiParam(value = "uuid", description = "Ticket id") UUID uuid);
}
