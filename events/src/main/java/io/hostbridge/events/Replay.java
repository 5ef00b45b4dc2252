package io.hostbridge.events;

import java.util.List;
import java.util.Optional;

/**
 * Answer to a poll of the replay window.
 *
 * @param gap     present when events after the requested point have already left the window
 * @param events  matching events in sequence order
 * @param lastSeq the bus's last sequence number when the answer was made; poll again after it when
 *                {@code events} is empty, or after the last event's seq otherwise
 * @param more    true when {@code limit} cut the answer short
 */
public record Replay(Optional<Delivery.Gap> gap, List<Event> events, long lastSeq, boolean more) {
    public Replay {
        events = List.copyOf(events);
    }
}
