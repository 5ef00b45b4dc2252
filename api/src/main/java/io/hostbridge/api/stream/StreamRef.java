package io.hostbridge.api.stream;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/** What a stream verb returns: the id under which its packets flow. */
@ApiType(description = "A data stream the call opened: its packets flow on the caller's connection (AMQP, STOMP), or"
        + " on a WebSocket attached with GET /api/v1/streams/{streamId}")
public record StreamRef(
        @ApiField(description = "The stream's id: packets name it, and the WebSocket URL takes it") String streamId) {
}
