package io.hostbridge.api.stream;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

/**
 * What a stream verb returns: the id under which its packets flow.
 *
 * @param streamId the stream's id: packets name it, and {@code GET /api/v1/streams/{streamId}} attaches a
 *                 WebSocket to it
 */
@ApiType(description = "A data stream opened by the call: its packets flow under this id")
public record StreamRef(
        @ApiField(description = "The stream's id: its packets name it, and GET /api/v1/streams/{streamId}"
                + " attaches a WebSocket to it") String streamId) {
}
