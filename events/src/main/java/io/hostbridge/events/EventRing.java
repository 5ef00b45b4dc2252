package io.hostbridge.events;

/** The replay window: the latest events in sequence order, in a fixed array. Not thread-safe. */
final class EventRing {

    private final Event[] slots;
    private int oldest;
    private int size;
    private long lostUpTo;

    /** @param base the last sequence number from before this ring existed */
    EventRing(int capacity, long base) {
        this.slots = new Event[capacity];
        this.lostUpTo = base;
    }

    void add(Event event) {
        if (size < slots.length) {
            slots[(oldest + size++) % slots.length] = event;
        } else {
            lostUpTo = slots[oldest].seq();
            slots[oldest] = event;
            oldest = (oldest + 1) % slots.length;
        }
    }

    /**
     * Every sequence number up to this one is no longer available: either it was evicted, or it is not
     * after the ring's base. Every event held has a greater number.
     */
    long lostUpTo() {
        return lostUpTo;
    }

    int size() {
        return size;
    }

    /** The i-th oldest event held. */
    Event get(int i) {
        return slots[(oldest + i) % slots.length];
    }

    /** Index of the first event with a sequence number above {@code seq}, or {@link #size()} if none. */
    int firstAfter(long seq) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (get(mid).seq() <= seq) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
