package io.hostbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class InMemoryEventBusTest implements EventBusContract {

    @Override
    public EventBus newBus(String hostId, SequenceAllocator sequences, EventBusSettings settings) {
        return new InMemoryEventBus(hostId, settings, sequences, Clock.systemUTC());
    }

    @Test
    void closingRemovesTheSubscriptionFromTheBus() {
        InMemoryEventBus bus = (InMemoryEventBus) newBus();
        Subscription first = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 10));
        Subscription second = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 0, 10));
        assertThat(bus.subscriberCount()).isEqualTo(2);

        first.close();
        first.close();
        assertThat(bus.subscriberCount()).isEqualTo(1);
        second.close();
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void eventsAreStampedByTheClock() {
        Instant now = Instant.parse("2026-11-21T10:15:30Z");
        EventBus bus = new InMemoryEventBus("h", EventBusSettings.defaults(), new InMemorySequenceAllocator(),
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(bus.publish("vm.status", "vm-1", null).time()).isEqualTo(now);
    }

    @Test
    void aPendingGapWaitsUntilItAndTheNextEventFitTogether() throws Exception {
        EventBus bus = newBus();
        try (Subscription slow = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 3))) {
            for (int i = 0; i < 5; i++) {
                bus.publish("vm.status", "vm-1", null); // 1..3 queued, 4..5 dropped
            }
            assertThat(slow.poll(Duration.ZERO)).map(Delivery::seq).contains(1L);
            bus.publish("vm.status", "vm-1", null); // one free slot only: 6 joins the gap
            assertThat(slow.poll(Duration.ZERO)).map(Delivery::seq).contains(2L);
            bus.publish("vm.status", "vm-1", null); // two free slots: gap, then 7
            assertThat(slow.poll(Duration.ZERO)).map(Delivery::seq).contains(3L);
            assertThat(slow.poll(Duration.ZERO)).contains(new Delivery.Gap(4, 6, Delivery.Reason.OVERFLOW, 3));
            assertThat(slow.poll(Duration.ZERO)).map(Delivery::seq).contains(7L);
            assertThat(slow.poll(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aBadHostIdIsRejected() {
        assertThatThrownBy(() -> new InMemoryEventBus(" ", EventBusSettings.defaults(),
                new InMemorySequenceAllocator(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostId");
    }

    @Test
    void anAllocatorThatGoesBackwardsIsRefused() {
        SequenceAllocator broken = new SequenceAllocator() {
            @Override
            public long next() {
                return 5;
            }

            @Override
            public long last() {
                return 5;
            }
        };
        EventBus bus = newBus("h", broken, EventBusSettings.defaults());
        assertThatThrownBy(() -> bus.publish("vm.status", "vm-1", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backwards");
    }
}
