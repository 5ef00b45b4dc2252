package io.hostbridge.api.stream;

/**
 * What a stream verb returns: the id under which its packets flow.
 *
 * @param streamId the stream's id: packets name it, and {@code GET /api/v1/streams/{streamId}} attaches a
 *                 WebSocket to it
 */
public record StreamRef(String streamId) {
}
