package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.events.Delivery;
import java.util.Locale;

@ApiType(description = "Events a subscriber or poller did not get")
public record EventGap(
        @ApiField(description = "First missed sequence number") long fromSeq,
        @ApiField(description = "Last missed sequence number") long toSeq,
        @ApiField(description = "overflow (too slow) or expired (older than the replay window)") String reason,
        @ApiField(description = "How many matching events were missed; -1 when unknown") long dropped) {

    /** A bus gap notice, as every binding sends it. */
    public static EventGap of(Delivery.Gap gap) {
        return new EventGap(gap.fromSeq(), gap.toSeq(), gap.reason().name().toLowerCase(Locale.ROOT), gap.dropped());
    }
}
