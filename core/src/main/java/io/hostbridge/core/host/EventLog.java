package io.hostbridge.core.host;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.EventGap;
import io.hostbridge.api.host.EventPage;
import io.hostbridge.api.host.EventRecord;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Replay;
import io.hostbridge.events.TopicFilter;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

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
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(topics);
        } catch (IllegalArgumentException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "topics",
                    "Invalid parameter 'topics': " + e.getMessage());
        }
        if (limit < 1 || limit > EventBus.MAX_REPLAY_LIMIT) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "limit",
                    "Invalid parameter 'limit': must be between 1 and " + EventBus.MAX_REPLAY_LIMIT + ", got " + limit);
        }
        Replay replay = bus.replay(filter, afterSeq == null ? WHOLE_WINDOW : afterSeq, limit);
        List<EventRecord> events = replay.events().stream().map(EventLog::record).toList();
        EventGap gap = replay.gap()
                .filter(g -> afterSeq != null || g.reason() != Delivery.Reason.EXPIRED)
                .map(EventLog::gap).orElse(null);
        return new EventPage(events, replay.lastSeq(), replay.more(), gap);
    }

    static EventRecord record(Event event) {
        return new EventRecord(event.topic(), event.subject(), event.hostId(), event.seq(),
                DateTimeFormatter.ISO_INSTANT.format(event.time()), event.payload());
    }

    private static EventGap gap(Delivery.Gap gap) {
        return new EventGap(gap.fromSeq(), gap.toSeq(), gap.reason().name().toLowerCase(Locale.ROOT), gap.dropped());
    }
}
