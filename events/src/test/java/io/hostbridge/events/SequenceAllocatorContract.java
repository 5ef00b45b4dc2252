package io.hostbridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link SequenceAllocator} must do. An implementation's test implements this interface and supplies
 * the factories; what only one implementation promises (a persistent one's numbering across restarts) stays in
 * that implementation's test.
 */
public interface SequenceAllocatorContract {

    /** Enough numbers to cross whatever blocks an implementation reserves at a time, when its test sizes them so. */
    int MANY = 1_000;

    /** A new allocator with no history. */
    SequenceAllocator newAllocator();

    /** A new allocator whose starting point is {@code startingPoint}: numbers so far went up to it. */
    SequenceAllocator newAllocatorAfter(long startingPoint);

    @Test
    default void aNewAllocatorStartsAtOne() {
        SequenceAllocator allocator = newAllocator();

        assertThat(allocator.last()).isZero();
        assertThat(allocator.next()).isEqualTo(1);
        assertThat(allocator.last()).isEqualTo(1);
    }

    @Test
    default void numberingContinuesAfterTheStartingPoint() {
        SequenceAllocator allocator = newAllocatorAfter(41);

        assertThat(allocator.last()).isEqualTo(41);
        assertThat(allocator.next()).isEqualTo(42);
    }

    @Test
    default void eachNumberIsAboveEveryEarlierOneAndLastTracksIt() {
        SequenceAllocator allocator = newAllocator();
        long previous = allocator.last();
        for (int i = 0; i < MANY; i++) {
            long number = allocator.next();
            assertThat(number).as("number %d", i).isGreaterThan(previous);
            assertThat(allocator.last()).isEqualTo(number);
            previous = number;
        }
    }

    /** Within one run numbers leave no holes: a subscriber would read a hole as events it missed. */
    @Test
    default void withinOneRunNumbersFollowOneAnother() {
        SequenceAllocator allocator = newAllocatorAfter(100);
        for (long expected = 101; expected <= 100 + MANY; expected++) {
            assertThat(allocator.next()).isEqualTo(expected);
        }
    }

    @Test
    default void askingForTheLastNumberTakesNone() {
        SequenceAllocator allocator = newAllocator();
        long first = allocator.next();

        assertThat(allocator.last()).isEqualTo(first);
        assertThat(allocator.last()).isEqualTo(first);
        assertThat(allocator.next()).isEqualTo(first + 1);
    }
}
