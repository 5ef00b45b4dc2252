package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which earlier snapshot a sample is measured against. */
class SnapshotHistoryTest {

    private static final long MS = 1_000_000L;

    private final Snapshot boot = Snapshot.boot(0, 0, 1);
    private final SnapshotHistory history = new SnapshotHistory(boot);

    @Test
    void rightAfterStartTheWindowReachesBackToBoot() {
        history.baseFor(at(1000, 10));

        assertThat(history.baseFor(at(1050, 11))).isSameAs(boot);
    }

    @Test
    void thePreviousSnapshotServesWhenItIsOldEnough() {
        Snapshot first = at(1000, 10);
        history.baseFor(first);

        assertThat(history.baseFor(at(1300, 40))).isSameAs(first);
    }

    @Test
    void aRecentPreviousSnapshotIsSkippedForTheOneBefore() {
        Snapshot first = at(1000, 10);
        history.baseFor(first);
        history.baseFor(at(1300, 40));

        assertThat(history.baseFor(at(1350, 45))).isSameAs(first);
    }

    @Test
    void aFloodOfSamplesDoesNotShrinkTheWindow() {
        Snapshot first = at(1000, 10);
        history.baseFor(first);
        for (int t = 1010; t < 1200; t += 10) {
            assertThat(history.baseFor(at(t, t / 10))).isNotSameAs(first).isSameAs(boot);
        }
        assertThat(history.baseFor(at(1200, 120))).isSameAs(first);
    }

    @Test
    void aSnapshotWithTheSameCachedTicksIsNotUsed() {
        Snapshot first = at(1000, 10);
        history.baseFor(first);
        Snapshot second = at(1250, 30);
        history.baseFor(second);

        // OSHI may hand out ticks cached up to 300 ms: no CPU window against 'second'
        assertThat(history.baseFor(at(1500, 30))).isSameAs(first);
    }

    private static Snapshot at(long millis, long ticks) {
        return new Snapshot(millis * MS, new long[] {ticks}, Map.of(), false);
    }
}
