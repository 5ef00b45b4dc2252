package io.hostbridge.bridge;

import io.hostbridge.api.host.EventGap;
import io.hostbridge.api.host.EventRecord;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Bus events and gap notices as the API's types, the same for every binding and for {@code Host.getEvents}. */
public final class EventEnvelopes {
    private EventEnvelopes() {
    }

    /** The envelope of a bus event. */
    public static EventRecord record(Event event) {
        return new EventRecord(event.topic(), event.subject(), event.hostId(), event.seq(),
                DateTimeFormatter.ISO_INSTANT.format(event.time()), event.payload());
    }

    /** A bus gap notice. */
    public static EventGap gap(Delivery.Gap gap) {
        return new EventGap(gap.fromSeq(), gap.toSeq(), gap.reason().name().toLowerCase(Locale.ROOT), gap.dropped());
    }
}
