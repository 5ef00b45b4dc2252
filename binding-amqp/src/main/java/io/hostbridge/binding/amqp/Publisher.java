package io.hostbridge.binding.amqp;

import io.hostbridge.bridge.EventEnvelopes;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import io.hostbridge.events.Subscription;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the bus to the events address and announces the agent on the presence address, on one thread
 * with one session. It never makes the bus wait: while it is slow or the broker is away, its subscription
 * overflows and the bus hands it a gap, which it forwards like an event. Events it failed to send are
 * reported the same way, so a consumer never loses events silently.
 */
final class Publisher implements Runnable {
    /** Longest wait in one poll, so a reconnection is announced within about this long. */
    static final Duration SLICE = Duration.ofSeconds(1);
    static final String GAP = "gap";

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Subscription subscription;
    private final Outbox outbox;
    private final Destination events;
    private final Destination presenceAddress;
    private final Presence presence;
    private final ConnectionState state;
    private final Duration interval;
    private final Clock clock;
    private final String hostId;
    private long lostFrom = -1;
    private long lostTo;
    private long lostCount;

    Publisher(Subscription subscription, Outbox outbox, Destination events, Destination presenceAddress,
              Presence presence, ConnectionState state, Duration interval, Clock clock, String hostId) {
        this.subscription = subscription;
        this.outbox = outbox;
        this.events = events;
        this.presenceAddress = presenceAddress;
        this.presence = presence;
        this.state = state;
        this.interval = interval;
        this.clock = clock;
        this.hostId = hostId;
    }

    /** Runs until the subscription is closed, then says goodbye if it can. */
    @Override
    public void run() {
        long announcedFor = 0;
        long nextAnnouncement = 0;
        try {
            while (!subscription.isClosed()) {
                if (!state.awaitConnected(SLICE)) {
                    continue;
                }
                long now = System.nanoTime();
                long connections = state.connections();
                if (connections != announcedFor || now - nextAnnouncement >= 0) {
                    announce(Presence.UP);
                    announcedFor = connections;
                    nextAnnouncement = now + interval.toNanos();
                }
                long wait = Math.min(SLICE.toNanos(), Math.max(0, nextAnnouncement - now));
                Optional<Delivery> next = subscription.poll(Duration.ofNanos(wait));
                if (next.isPresent()) {
                    forward(next.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (state.connected()) {
            announce(Presence.DOWN);
        }
    }

    private void announce(String what) {
        try {
            outbox.publish(presenceAddress, presence.notice(what), Map.of("hostId", hostId, "state", what));
        } catch (JMSException | RuntimeException e) {
            LOG.debug("presence '{}' not sent: {}", what, e.toString());
        }
    }

    private void forward(Delivery delivery) {
        if (lostFrom >= 0 && send(new Delivery.Gap(lostFrom, lostTo, Delivery.Reason.OVERFLOW, lostCount))) {
            lostFrom = -1;
        }
        if (lostFrom >= 0 || !send(delivery)) {
            lost(delivery);
        }
    }

    private boolean send(Delivery delivery) {
        try {
            if (delivery instanceof Delivery.Published published) {
                Event e = published.event();
                outbox.publish(events, EventEnvelopes.record(e), Map.of("topic", e.topic(), "seq", e.seq(), "subject", e.subject()));
            } else {
                Delivery.Gap gap = (Delivery.Gap) delivery;
                outbox.publish(events, gapNotice(gap), Map.of("topic", GAP, "seq", gap.toSeq()));
            }
            return true;
        } catch (JMSException | RuntimeException e) {
            LOG.debug("event {} not published: {}", delivery.seq(), e.toString());
            return false;
        }
    }

    /** The bus's gap notice in the events' envelope: topic "gap", seq its last number, the notice as payload. */
    private Map<String, Object> gapNotice(Delivery.Gap gap) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("topic", GAP);
        notice.put("hostId", hostId);
        notice.put("seq", gap.toSeq());
        notice.put("time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        notice.put("payload", EventEnvelopes.gap(gap));
        return notice;
    }

    /** Widens the range of events not sent, to report as one gap once sending works again. */
    private void lost(Delivery delivery) {
        long from = delivery instanceof Delivery.Gap gap ? gap.fromSeq() : delivery.seq();
        long count = delivery instanceof Delivery.Gap gap ? gap.dropped() : 1;
        if (lostFrom < 0) {
            lostFrom = from;
            lostCount = 0;
        }
        lostTo = delivery.seq();
        lostCount = lostCount < 0 || count < 0 ? -1 : lostCount + count;
    }
}
