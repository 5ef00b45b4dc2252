package io.hostbridge.core.host;

import io.hostbridge.bridge.EventEnvelopes;
import io.hostbridge.bridge.EventFilters;
import io.hostbridge.api.host.EventGap;
import io.hostbridge.api.host.EventPage;
import io.hostbridge.api.host.EventRecord;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Replay;
import io.hostbridge.events.TopicFilter;
import java.util.List;

/** {@code Host.getEvents}: the bus's replay window for callers that poll. */
final class EventLog {

    /**
     * A resume point after the bus's last number stands for "just before this bus's first event" (see
     * {@link EventBus}): the whole window, after an expired gap that a caller without a point does not need.
     */
    private static final long WHOLE_WINDOW = Long.MAX_VALUE;

    private final EventBus bus;

    EventLog(EventBus bus) {
        this.bus = bus;
    }

    EventPage page(Long afterSeq, String topics, int limit) {
        // limit's range is declared on the verb and checked by the bridge before this runs
        TopicFilter filter = EventFilters.parse("topics", topics);
        Replay replay = bus.replay(filter, afterSeq == null ? WHOLE_WINDOW : afterSeq, limit);
        List<EventRecord> events = replay.events().stream().map(EventEnvelopes::record).toList();
        EventGap gap = replay.gap()
                .filter(g -> afterSeq != null || g.reason() != Delivery.Reason.EXPIRED)
                .map(EventEnvelopes::gap).orElse(null);
        return new EventPage(events, replay.lastSeq(), replay.more(), gap);
    }

}
