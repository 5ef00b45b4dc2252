package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "One event (see eventEnvelope in the schema)")
public record EventRecord(
        @ApiField(description = "Dotted topic") String topic,
        @ApiField(description = "Id of what the event is about") String subject,
        @ApiField(description = "Publishing host") String hostId,
        @ApiField(description = "Per-host sequence number") long seq,
        @ApiField(description = "ISO-8601 UTC time of publication") String time,
        @ApiField(description = "Payload; its type is given by the topic in the schema's events", optional = true)
        Object payload) {
}
