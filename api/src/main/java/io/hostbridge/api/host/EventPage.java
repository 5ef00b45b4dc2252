package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "Events from the replay window")
public record EventPage(
        @ApiField(description = "Matching events in sequence order") List<EventRecord> events,
        @ApiField(description = "Last sequence number on the host; poll again with afterSeq set to it (or to the"
                + " last event's seq when 'more' is true)") long lastSeq,
        @ApiField(description = "True when 'limit' cut the page short") boolean more,
        @ApiField(description = "Present when events after afterSeq were lost (left the window or a restart)",
                optional = true) EventGap gap) {
}
