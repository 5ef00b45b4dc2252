package io.hostbridge.events;

/**
 * Source of per-host sequence numbers. Called by the bus under its publication lock, so implementations
 * need no locking of their own; an implementation may persist reservations so numbers keep increasing
 * across restarts.
 */
public interface SequenceAllocator {

    /** The number for the next event: greater than every number returned before. */
    long next();

    /** The last number returned (or the starting point, before the first call). */
    long last();
}
