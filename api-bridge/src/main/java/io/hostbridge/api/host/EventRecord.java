package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.events.Event;
import java.time.format.DateTimeFormatter;

@ApiType(description = "One event (see eventEnvelope in the schema)")
public record EventRecord(
        @ApiField(description = "Dotted topic") String topic,
        @ApiField(description = "Id of what the event is about") String subject,
        @ApiField(description = "Publishing host") String hostId,
        @ApiField(description = "Per-host sequence number") long seq,
        @ApiField(description = "ISO-8601 UTC time of publication") String time,
        @ApiField(description = "Payload; its type is given by the topic in the schema's events", optional = true)
        Object payload) {

    /** The envelope of a bus event, as every binding sends it. */
    public static EventRecord of(Event event) {
        return new EventRecord(event.topic(), event.subject(), event.hostId(), event.seq(),
                DateTimeFormatter.ISO_INSTANT.format(event.time()), event.payload());
    }
}
