package io.hostbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link EventBus} must do. An implementation's test implements this interface and supplies
 * {@link #newBus}. Nothing here sleeps to synchronise: waits are polls with deadlines and latches.
 */
@Timeout(60)
public interface EventBusContract {

    Duration DEADLINE = Duration.ofSeconds(10);
    /** How long to wait before concluding that nothing more will arrive. */
    Duration QUIET = Duration.ofMillis(100);
    String HOST = "host-a";

    /** A new, empty bus for {@code hostId} whose numbers come from {@code sequences}. */
    EventBus newBus(String hostId, SequenceAllocator sequences, EventBusSettings settings);

    default EventBus newBus(EventBusSettings settings) {
        return newBus(HOST, new InMemorySequenceAllocator(), settings);
    }

    default EventBus newBus() {
        return newBus(EventBusSettings.defaults());
    }

    // --- numbering -------------------------------------------------------------------------------------

    @Test
    default void numbersFollowTheAllocatorAndStrictlyIncrease() {
        EventBus bus = newBus(HOST, new InMemorySequenceAllocator(41), EventBusSettings.defaults());
        assertThat(bus.lastSeq()).isEqualTo(41);

        Event first = bus.publish("vm.status", "vm-1", Map.of("status", "Up"));
        Event second = bus.publish("vm.status", "vm-2", null);
        Event third = bus.publish("host.stats", HOST, 7);

        assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(42L, 43L, 44L);
        assertThat(bus.lastSeq()).isEqualTo(44);
        assertThat(first.hostId()).isEqualTo(HOST);
        assertThat(bus.hostId()).isEqualTo(HOST);
        assertThat(first.topic()).isEqualTo("vm.status");
        assertThat(first.subject()).isEqualTo("vm-1");
        assertThat(first.payload()).isEqualTo(Map.of("status", "Up"));
        assertThat(first.time()).isNotNull();
        assertThat(third.time()).isAfterOrEqualTo(first.time());
    }

    @Test
    default void eachHostNumbersItsOwnEvents() {
        EventBus a = newBus("host-a", new InMemorySequenceAllocator(), EventBusSettings.defaults());
        EventBus b = newBus("host-b", new InMemorySequenceAllocator(), EventBusSettings.defaults());

        List<Event> events = List.of(a.publish("vm.status", "vm-1", null), b.publish("vm.status", "vm-9", null),
                a.publish("vm.status", "vm-1", null), b.publish("vm.status", "vm-9", null));

        assertThat(events).extracting(e -> e.hostId() + "#" + e.seq())
                .containsExactly("host-a#1", "host-b#1", "host-a#2", "host-b#2");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "VM.status", "vm..status", ".vm", "vm.", "vm status", "vm.*", "vm.#", "vm/status"})
    default void invalidTopicsAreRejectedWithoutUsingANumber(String topic) {
        EventBus bus = newBus();
        bus.publish("vm.status", "vm-1", null);

        assertThatThrownBy(() -> bus.publish(topic, "vm-1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
        assertThat(bus.lastSeq()).isEqualTo(1);
        assertThat(bus.publish("vm.status", "vm-1", null).seq()).isEqualTo(2);
    }

    @Test
    default void overlongTopicIsRejected() {
        EventBus bus = newBus();
        String topic = "a".repeat(Topics.MAX_LENGTH + 1);
        assertThatThrownBy(() -> bus.publish(topic, "s", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bus.publish("a".repeat(Topics.MAX_LENGTH), "s", null).seq()).isEqualTo(1);
    }

    // --- filtering and live delivery ---------------------------------------------------------------------

    @Test
    default void subscriberGetsOnlyTheTopicsItsFilterMatches() throws Exception {
        EventBus bus = newBus();
        try (Subscription sub = bus.subscribe(SubscriptionSpec.live(TopicFilter.parse("vm.*, job.#"), 100))) {
            for (String topic : List.of("vm.status", "vm.migration.progress", "job", "job.progress.step",
                    "host.stats", "vm", "storage.job")) {
                bus.publish(topic, "x", null);
            }
            assertThat(take(sub, 3)).extracting(d -> ((Delivery.Published) d).event().topic())
                    .containsExactly("vm.status", "job", "job.progress.step");
            assertNoMore(sub);
        }
    }

    @Test
    default void liveSubscriberSeesOnlyLaterEvents() throws Exception {
        EventBus bus = newBus();
        bus.publish("vm.status", "vm-1", null);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 10))) {
            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(sub, 1))).containsExactly("#2");
            assertNoMore(sub);
        }
    }

    @Test
    default void pollReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        try (Subscription sub = newBus().subscribe(SubscriptionSpec.live(TopicFilter.all(), 10))) {
            assertThat(sub.poll(Duration.ZERO)).isEmpty();
            assertThat(sub.poll(Duration.ofMillis(20))).isEmpty();
        }
    }

    @Test
    default void queueCapacityAboveTheMaximumIsRejected() {
        EventBus bus = newBus(EventBusSettings.defaults().withQueueCapacities(5, 10));
        assertThatThrownBy(() -> bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueCapacity");
        bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 10)).close();
    }

    // --- resuming ----------------------------------------------------------------------------------------

    @Test
    default void resumeReplaysExactlyTheMissedEventsThenGoesLive() throws Exception {
        EventBus bus = newBus();
        publish(bus, "vm.status", 5);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 2, 100))) {
            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(sub, 4))).containsExactly("#3", "#4", "#5", "#6");
            assertNoMore(sub);
        }
    }

    @Test
    default void resumeAtTheLastEventIsLiveOnly() throws Exception {
        EventBus bus = newBus();
        publish(bus, "vm.status", 3);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 3, 100))) {
            assertNoMore(sub);
            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(sub, 1))).containsExactly("#4");
        }
    }

    @Test
    default void resumeReplaysOnlyMatchingEvents() throws Exception {
        EventBus bus = newBus();
        bus.publish("vm.status", "vm-1", null);
        bus.publish("host.stats", "h", null);
        bus.publish("vm.status", "vm-1", null);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.parse("vm.#"), 0, 100))) {
            assertThat(describe(take(sub, 2))).containsExactly("#1", "#3");
            assertNoMore(sub);
        }
    }

    @Test
    default void resumeWhilePublishingConcurrentlyMissesAndRepeatsNothing() throws Exception {
        int resumers = 50;
        int lead = 200; // how far the publisher may run ahead of the resumers: keeps both busy at once
        int most = 1_000 + (resumers + 1) * lead;
        EventBus bus = newBus(EventBusSettings.defaults().withReplayWindow(most).withQueueCapacities(2, most));
        AtomicInteger opened = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        List<Subscription> subs = new ArrayList<>();
        try {
            Future<?> publishing = publisher.submit(() -> {
                for (int i = 1; !stop.get(); i++) {
                    bus.publish("vm.status", "vm-1", i);
                    while (!stop.get() && i >= 1_000 + opened.get() * lead) {
                        Thread.onSpinWait();
                    }
                }
            });
            long[] after = new long[resumers];
            for (int i = 0; i < resumers; i++) {
                awaitSeq(bus, 1_000 + (long) i * lead / 2);
                after[i] = bus.lastSeq() - 7 * i; // some replay, while the publisher keeps going
                subs.add(bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), after[i], most)));
                opened.incrementAndGet();
            }
            stop.set(true);
            publishing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            long last = bus.lastSeq();

            for (int i = 0; i < resumers; i++) {
                List<Delivery> got = take(subs.get(i), (int) (last - after[i]));
                assertThat(got).extracting(Delivery::seq).as("resumed after %d", after[i])
                        .containsExactlyElementsOf(LongStream.rangeClosed(after[i] + 1, last).boxed().toList());
            }
            assertNoMore(subs.get(0));
        } finally {
            stop.set(true);
            publisher.shutdownNow();
            subs.forEach(Subscription::close);
        }
    }

    @Test
    default void resumeFromBeforeTheWindowStartsWithAnExpiredGap() throws Exception {
        EventBus bus = newBus(EventBusSettings.defaults().withReplayWindow(5));
        publish(bus, "vm.status", 10); // 1..5 have left the window

        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 2, 100))) {
            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(sub, 7)))
                    .containsExactly("gap 3..5 EXPIRED -1", "#6", "#7", "#8", "#9", "#10", "#11");
        }
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 6, 100))) {
            assertThat(describe(take(sub, 5))).containsExactly("#7", "#8", "#9", "#10", "#11");
        }
    }

    @Test
    default void resumeJustBeforeTheOldestEventInTheWindowHasNoGap() throws Exception {
        EventBus bus = newBus(EventBusSettings.defaults().withReplayWindow(5));
        publish(bus, "vm.status", 10);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 5, 100))) {
            assertThat(describe(take(sub, 5))).containsExactly("#6", "#7", "#8", "#9", "#10");
            assertNoMore(sub);
        }
    }

    @Test
    default void resumeFromBeforeTheAllocatorsStartIsExpired() throws Exception {
        EventBus bus = newBus(HOST, new InMemorySequenceAllocator(100), EventBusSettings.defaults());
        publish(bus, "vm.status", 3);

        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 50, 100))) {
            assertThat(describe(take(sub, 4))).containsExactly("gap 51..100 EXPIRED -1", "#101", "#102", "#103");
        }
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 100, 100))) {
            assertThat(describe(take(sub, 3))).containsExactly("#101", "#102", "#103");
            assertNoMore(sub);
        }
    }

    @Test
    default void resumeFromTheFutureResyncsWithTheWholeWindow() throws Exception {
        EventBus bus = newBus();
        publish(bus, "vm.status", 3);

        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 1_000, 100))) {
            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(sub, 5))).containsExactly("gap 0..0 EXPIRED -1", "#1", "#2", "#3", "#4");
        }
    }

    @Test
    default void resumeFromTheFutureAfterEvictionsGapsUpToTheWindow() throws Exception {
        EventBus bus = newBus(HOST, new InMemorySequenceAllocator(10), EventBusSettings.defaults().withReplayWindow(2));
        publish(bus, "vm.status", 5); // 11..15, the window holds 14 and 15

        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 99, 100))) {
            List<Delivery> got = take(sub, 3);
            assertThat(describe(got)).containsExactly("gap 10..13 EXPIRED -1", "#14", "#15");
            // the gap's seq is a resume point in the bus's own numbering again
            assertThat(bus.replay(TopicFilter.all(), got.get(0).seq(), 10).gap()).isEmpty();
        }
        Replay replay = bus.replay(TopicFilter.all(), 99, 10);
        assertThat(replay.gap()).contains(new Delivery.Gap(10, 13, Delivery.Reason.EXPIRED, -1));
        assertThat(replay.events()).extracting(Event::seq).containsExactly(14L, 15L);
    }

    @Test
    default void replayLargerThanTheQueueEndsInAnOverflowGap() throws Exception {
        EventBus bus = newBus();
        publish(bus, "vm.status", 10);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.resume(TopicFilter.all(), 0, 4))) {
            assertThat(describe(take(sub, 5))).containsExactly("#1", "#2", "#3", "#4", "gap 5..10 OVERFLOW 6");
            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(sub, 1))).containsExactly("#11");
        }
    }

    // --- slow subscribers --------------------------------------------------------------------------------

    @Test
    default void slowSubscriberBlocksNeitherPublishersNorOtherSubscribers() throws Exception {
        int n = 200;
        EventBus bus = newBus();
        try (Subscription slow = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 2));
             Subscription fast = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), n))) {

            assertTimeoutPreemptively(DEADLINE, () -> publish(bus, "vm.status", n));

            assertThat(take(fast, n)).extracting(Delivery::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
            // the gap reaches the idle consumer although nothing more is published
            assertThat(describe(take(slow, 3))).containsExactly("#1", "#2", "gap 3..200 OVERFLOW 198");
            assertNoMore(slow);

            bus.publish("vm.status", "vm-1", null);
            assertThat(describe(take(slow, 1))).containsExactly("#201");
        }
    }

    @Test
    default void overflowGapIsQueuedBetweenOlderAndNewerEvents() throws Exception {
        EventBus bus = newBus();
        try (Subscription slow = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 3))) {
            publish(bus, "vm.status", 6); // 1..3 queued, 4..6 dropped
            assertThat(describe(take(slow, 2))).containsExactly("#1", "#2");

            bus.publish("vm.status", "vm-1", null); // room for two: the gap goes first, then 7
            assertThat(describe(take(slow, 3))).containsExactly("#3", "gap 4..6 OVERFLOW 3", "#7");
            assertNoMore(slow);
        }
    }

    @Test
    default void overflowCountsOnlyTheEventsTheFilterMatches() throws Exception {
        EventBus bus = newBus();
        try (Subscription slow = bus.subscribe(SubscriptionSpec.live(TopicFilter.parse("vm.#"), 2));
             Subscription everything = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 100))) {
            for (int i = 0; i < 10; i++) {
                bus.publish("vm.status", "vm-1", null); // odd numbers
                bus.publish("host.stats", HOST, null); // even numbers
            }
            assertThat(describe(take(slow, 3))).containsExactly("#1", "#3", "gap 5..19 OVERFLOW 8");
            assertThat(take(everything, 20)).allMatch(d -> d instanceof Delivery.Published);
        }
    }

    // --- closing -----------------------------------------------------------------------------------------

    @Test
    default void closeWakesABlockedPoll() throws Exception {
        Subscription sub = newBus().subscribe(SubscriptionSpec.live(TopicFilter.all(), 10));
        AtomicReference<Optional<Delivery>> result = new AtomicReference<>();
        Thread poller = new Thread(() -> {
            try {
                result.set(sub.poll(Duration.ofMinutes(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "blocked-poller");
        poller.start();
        awaitWaiting(poller);

        sub.close();

        poller.join(DEADLINE.toMillis());
        assertThat(poller.isAlive()).as("poller still blocked after close").isFalse();
        assertThat(result.get()).isEmpty();
        assertThat(sub.isClosed()).isTrue();
    }

    @Test
    default void closedSubscriptionDeliversNothingAndClosesIdempotently() throws Exception {
        EventBus bus = newBus();
        Subscription sub = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 10));
        bus.publish("vm.status", "vm-1", null);
        sub.close();
        sub.close();
        bus.publish("vm.status", "vm-1", null);
        assertThat(sub.poll(Duration.ZERO)).isEmpty();
        assertThat(sub.poll(QUIET)).isEmpty();
        assertThat(sub.isClosed()).isTrue();
    }

    // --- replay ------------------------------------------------------------------------------------------

    @Test
    default void replayReturnsEventsAfterThePointUpToTheLimit() {
        EventBus bus = newBus(EventBusSettings.defaults().withReplayWindow(5));
        publish(bus, "vm.status", 10);

        Replay cut = bus.replay(TopicFilter.all(), 0, 3);
        assertThat(cut.gap()).contains(new Delivery.Gap(1, 5, Delivery.Reason.EXPIRED, -1));
        assertThat(cut.events()).extracting(Event::seq).containsExactly(6L, 7L, 8L);
        assertThat(cut.more()).isTrue();
        assertThat(cut.lastSeq()).isEqualTo(10);

        Replay rest = bus.replay(TopicFilter.all(), 8, 10);
        assertThat(rest.gap()).isEmpty();
        assertThat(rest.events()).extracting(Event::seq).containsExactly(9L, 10L);
        assertThat(rest.more()).isFalse();

        Replay exact = bus.replay(TopicFilter.all(), 7, 3);
        assertThat(exact.events()).extracting(Event::seq).containsExactly(8L, 9L, 10L);
        assertThat(exact.more()).isFalse();

        Replay none = bus.replay(TopicFilter.all(), 10, 5);
        assertThat(none.events()).isEmpty();
        assertThat(none.gap()).isEmpty();
        assertThat(none.more()).isFalse();
        assertThat(none.lastSeq()).isEqualTo(10);
    }

    @Test
    default void replayFiltersAndSaysMoreOnlyWhenAMatchWasCut() {
        EventBus bus = newBus();
        bus.publish("vm.status", "vm-1", null); // 1
        bus.publish("host.stats", HOST, null); // 2
        bus.publish("vm.status", "vm-1", null); // 3
        bus.publish("host.stats", HOST, null); // 4

        Replay vms = bus.replay(TopicFilter.parse("vm.*"), 0, 2);
        assertThat(vms.events()).extracting(Event::seq).containsExactly(1L, 3L);
        assertThat(vms.more()).isFalse();

        Replay hosts = bus.replay(TopicFilter.parse("host.#"), 0, 1);
        assertThat(hosts.events()).extracting(Event::seq).containsExactly(2L);
        assertThat(hosts.more()).isTrue();
        assertThat(hosts.lastSeq()).isEqualTo(4);
    }

    @Test
    default void replayOnAnEmptyBusIsEmpty() {
        Replay replay = newBus().replay(TopicFilter.all(), 0, 10);
        assertThat(replay.events()).isEmpty();
        assertThat(replay.gap()).isEmpty();
        assertThat(replay.lastSeq()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, EventBus.MAX_REPLAY_LIMIT + 1})
    default void replayRejectsALimitOutOfRange(int limit) {
        EventBus bus = newBus();
        assertThatThrownBy(() -> bus.replay(TopicFilter.all(), 0, limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThat(bus.replay(TopicFilter.all(), 0, EventBus.MAX_REPLAY_LIMIT).events()).isEmpty();
    }

    // --- concurrency -------------------------------------------------------------------------------------

    @Test
    default void concurrentPublishersGetUniqueGapFreeNumbers() throws Exception {
        int threads = 4;
        int perThread = 2_500;
        EventBus bus = newBus();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Subscription sub = bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), threads * perThread))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> publishers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String subject = "publisher-" + t;
                publishers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        bus.publish("job.progress", subject, i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> publisher : publishers) {
                publisher.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }

            List<Delivery> got = take(sub, threads * perThread);
            assertThat(got).allMatch(d -> d instanceof Delivery.Published);
            assertThat(got).extracting(Delivery::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList());
            // each publisher's own events arrive in the order it published them
            Map<String, List<Object>> bySubject = got.stream().map(d -> ((Delivery.Published) d).event())
                    .collect(Collectors.groupingBy(Event::subject, Collectors.mapping(Event::payload, Collectors.toList())));
            assertThat(bySubject).hasSize(threads);
            bySubject.values().forEach(payloads -> assertThat(payloads)
                    .containsExactlyElementsOf(IntStream.range(0, perThread).boxed().toList()));
            assertThat(bus.lastSeq()).isEqualTo((long) threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static void publish(EventBus bus, String topic, int count) {
        for (int i = 0; i < count; i++) {
            bus.publish(topic, "subject", null);
        }
    }

    /** Exactly {@code count} deliveries, failing if they do not all arrive before the deadline. */
    private static List<Delivery> take(Subscription sub, int count) throws InterruptedException {
        List<Delivery> got = new ArrayList<>(count);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (got.size() < count) {
            long left = deadline - System.nanoTime();
            Optional<Delivery> next = left > 0 ? sub.poll(Duration.ofNanos(left)) : Optional.empty();
            if (next.isEmpty()) {
                fail("expected " + count + " deliveries before the deadline, got " + describe(got));
            }
            got.add(next.get());
        }
        return got;
    }

    private static void assertNoMore(Subscription sub) throws InterruptedException {
        Optional<Delivery> extra = sub.poll(QUIET);
        assertThat(extra.map(d -> describe(List.of(d)))).as("unexpected delivery").isEmpty();
    }

    /** {@code #seq} for an event, {@code gap from..to REASON dropped} for a gap: readable assertions. */
    private static List<String> describe(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d instanceof Delivery.Gap g
                ? "gap " + g.fromSeq() + ".." + g.toSeq() + " " + g.reason() + " " + g.dropped()
                : "#" + d.seq()).toList();
    }

    /** Waits, with a deadline, until the bus has published up to {@code seq}. */
    private static void awaitSeq(EventBus bus, long seq) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (bus.lastSeq() < seq) {
            if (System.nanoTime() > deadline) {
                fail("the bus never reached " + seq + ", last is " + bus.lastSeq());
            }
            Thread.onSpinWait();
        }
    }

    /** Waits, with a deadline, until {@code thread} is parked: it is then blocked inside poll. */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                fail("thread never blocked: " + thread.getState());
            }
            Thread.onSpinWait();
        }
    }
}
