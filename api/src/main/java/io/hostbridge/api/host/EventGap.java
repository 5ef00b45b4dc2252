package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Events a subscriber or poller did not get")
public record EventGap(
        @ApiField(description = "First missed sequence number") long fromSeq,
        @ApiField(description = "Last missed sequence number") long toSeq,
        @ApiField(description = "overflow (too slow) or expired (older than the replay window)") String reason,
        @ApiField(description = "How many matching events were missed; -1 when unknown") long dropped) {
}
