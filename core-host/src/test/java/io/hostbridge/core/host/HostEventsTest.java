package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.EventPage;
import io.hostbridge.api.host.EventRecord;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.EventBusSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host.getEvents: polling the replay window. */
class HostEventsTest {

    @TempDir
    Path stateDir;

    private HostServiceFixture host;

    @BeforeEach
    void start() {
        host = new HostServiceFixture(stateDir, EventBusSettings.defaults().withReplayWindow(5), Set.of());
    }

    /** The verb's declared limit is the bus's: the contract cannot name the bus, so they are kept equal here. */
    @Test
    void theDeclaredLimitIsWhatTheBusReplays() {
        assertThat(HostApi.MAX_EVENTS).isEqualTo(EventBus.MAX_REPLAY_LIMIT);
    }

    @Test
    void withoutAfterSeqTheWholeWindowComesWithoutAGap() {
        for (int i = 1; i <= 8; i++) {
            host.bus.publish("vm.status", "vm-" + i, Map.of("n", i));
        }

        EventPage page = host.service.getEvents(null, null, 1000);

        assertThat(page.events()).extracting(EventRecord::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(page.gap()).isNull();
        assertThat(page.more()).isFalse();
        assertThat(page.lastSeq()).isEqualTo(8);
    }

    @Test
    void eventsAreRecordsWithIsoUtcTimes() {
        host.bus.publish("vm.status", "vm-1", Map.of("status", "Up"));

        EventRecord record = host.service.getEvents(null, null, 10).events().get(0);

        assertThat(record.topic()).isEqualTo("vm.status");
        assertThat(record.subject()).isEqualTo("vm-1");
        assertThat(record.hostId()).isEqualTo(host.identity.hostId());
        assertThat(record.seq()).isEqualTo(1);
        assertThat(record.payload()).isEqualTo(Map.of("status", "Up"));
        assertThat(record.time()).endsWith("Z");
        assertThat(Instant.parse(record.time())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void afterSeqReturnsOnlyLaterEventsAndLimitSaysMore() {
        for (int i = 0; i < 5; i++) {
            host.bus.publish("vm.status", "vm-1", null);
        }

        EventPage first = host.service.getEvents(1L, null, 2);
        EventPage rest = host.service.getEvents(first.events().get(1).seq(), null, 2);

        assertThat(first.events()).extracting(EventRecord::seq).containsExactly(2L, 3L);
        assertThat(first.more()).isTrue();
        assertThat(rest.events()).extracting(EventRecord::seq).containsExactly(4L, 5L);
        assertThat(rest.more()).isFalse();
        assertThat(host.service.getEvents(5L, null, 2).events()).isEmpty();
    }

    @Test
    void topicsFilterTheEvents() {
        host.bus.publish("vm.status", "vm-1", null);
        host.bus.publish("host.stats", "h", null);
        host.bus.publish("job.progress", "j", null);

        EventPage page = host.service.getEvents(0L, "vm.*, job.#", 10);

        assertThat(page.events()).extracting(EventRecord::topic).containsExactly("vm.status", "job.progress");
        assertThat(page.lastSeq()).isEqualTo(3);
    }

    @Test
    void anAfterSeqOlderThanTheWindowGetsAnExpiredGap() {
        for (int i = 0; i < 8; i++) {
            host.bus.publish("vm.status", "vm-1", null);
        }

        EventPage page = host.service.getEvents(1L, null, 10);

        assertThat(page.gap()).isNotNull();
        assertThat(page.gap().reason()).isEqualTo("expired");
        assertThat(page.gap().fromSeq()).isEqualTo(2);
        assertThat(page.gap().toSeq()).isEqualTo(3);
        assertThat(page.gap().dropped()).isEqualTo(-1);
        assertThat(page.events()).extracting(EventRecord::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void anInvalidTopicPatternIsAnInvalidTopicsParameter() {
        assertThatThrownBy(() -> host.service.getEvents(null, "vm*", 10))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.code()).isEqualTo(5002);
                    assertThat(e.error()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.parameter()).isEqualTo("topics");
                    assertThat(e.getMessage()).startsWith("Invalid parameter 'topics': ").contains("vm*");
                });
    }
}
