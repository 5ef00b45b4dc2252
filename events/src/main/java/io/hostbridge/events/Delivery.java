package io.hostbridge.events;

/** What a subscription hands to its consumer: an event, or notice that matching events were missed. */
public sealed interface Delivery permits Delivery.Published, Delivery.Gap {

    /** Sequence number of the last position this delivery accounts for. */
    long seq();

    /** An event that matched the subscription. */
    record Published(Event event) implements Delivery {
        @Override
        public long seq() {
            return event.seq();
        }
    }

    /**
     * Events with sequence numbers in {@code [fromSeq, toSeq]} that may have matched were not delivered.
     *
     * @param reason  why they were missed
     * @param dropped how many matching events were dropped, or -1 when unknown (expired from the replay window)
     */
    record Gap(long fromSeq, long toSeq, Reason reason, long dropped) implements Delivery {
        @Override
        public long seq() {
            return toSeq;
        }
    }

    /** Why a gap happened. */
    enum Reason {
        /** The subscriber's queue was full: it consumed more slowly than events were published. */
        OVERFLOW,
        /** The requested resume point is older than the replay window (or from before a restart). */
        EXPIRED
    }
}
