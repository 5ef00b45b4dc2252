package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.host.EventPage;
import io.hostbridge.api.host.HardwareInfo;
import io.hostbridge.api.host.HealthReport;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.host.HostCapabilities;
import io.hostbridge.api.host.HostStats;
import io.hostbridge.bridge.CodecEventPublisher;
import io.hostbridge.bridge.ValueCodec;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import io.hostbridge.events.Subscription;
import io.hostbridge.events.SubscriptionSpec;
import io.hostbridge.events.TopicFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HostStatsPublisherTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path stateDir;

    private HostStatsPublisher publisher;

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.stop();
        }
    }

    @Test
    void statsArePublishedEveryIntervalAboutTheHost() throws Exception {
        HostServiceFixture host = new HostServiceFixture(stateDir);
        publisher = new HostStatsPublisher(host.service, publisherFor(host), host.identity.hostId(),
                Duration.ofMillis(100));

        try (Subscription subscription = host.bus.subscribe(SubscriptionSpec.live(TopicFilter.parse("host.stats"), 10))) {
            publisher.start();
            Event first = nextEvent(subscription);
            Event second = nextEvent(subscription);

            assertThat(first.topic()).isEqualTo(HostApi.STATS.name());
            assertThat(first.subject()).isEqualTo(host.identity.hostId());
            assertThat(first.payload()).isInstanceOf(Map.class);
            Map<?, ?> payload = (Map<?, ?>) first.payload();
            assertThat(payload.keySet()).map(String::valueOf)
                    .contains("cpuIdle", "cpuUser", "memTotal", "network", "dateTime");
            assertThat((Double) payload.get("cpuIdle")).isBetween(0.0, 100.0);
            assertThat(second.seq()).isGreaterThan(first.seq());
        }
        EventPage page = host.service.getEvents(0L, "host.*", 100);
        assertThat(page.events()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.payload()).isInstanceOf(Map.class));
    }

    @Test
    void aFailingSampleIsNotFatal() throws Exception {
        HostServiceFixture host = new HostServiceFixture(stateDir);
        AtomicInteger calls = new AtomicInteger();
        HostApi flaky = new FailingFirst(host.service, calls);
        publisher = new HostStatsPublisher(flaky, publisherFor(host), host.identity.hostId(), Duration.ofMillis(100));

        try (Subscription subscription = host.bus.subscribe(SubscriptionSpec.live(TopicFilter.all(), 10))) {
            publisher.start();
            assertThat(nextEvent(subscription).topic()).isEqualTo("host.stats");
        }
        assertThat(calls).hasValueGreaterThanOrEqualTo(3);
    }

    @Test
    void stopEndsTheThreadPromptly() throws Exception {
        HostServiceFixture host = new HostServiceFixture(stateDir);
        publisher = new HostStatsPublisher(host.service, publisherFor(host), host.identity.hostId(),
                Duration.ofMillis(100));
        publisher.start();
        Thread thread = awaitThread("host-stats");
        assertThat(thread.isDaemon()).isTrue();

        long started = System.nanoTime();
        publisher.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        thread.join(DEADLINE.toMillis());
        assertThat(thread.isAlive()).isFalse();
        publisher.stop(); // idempotent
    }

    private static EventPublisher publisherFor(HostServiceFixture host) {
        ApiModel model = ApiModel.read(ApiCatalog.VERSION, List.of(HostApi.class));
        return new CodecEventPublisher(model, new ValueCodec(model), host.bus);
    }

    private static Event nextEvent(Subscription subscription) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Delivery delivery = subscription.poll(Duration.ofNanos(end - System.nanoTime())).orElse(null);
            if (delivery instanceof Delivery.Published published) {
                return published.event();
            }
        }
        throw new AssertionError("no event within " + DEADLINE);
    }

    private static Thread awaitThread(String name) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name) && thread.isAlive()) {
                    return thread;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("no thread " + name);
    }

    /** getStats fails twice, then works. */
    private record FailingFirst(HostApi delegate, AtomicInteger calls) implements HostApi {
        @Override
        public HostStats getStats() {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("sampling failed (test)");
            }
            return delegate.getStats();
        }

        @Override
        public HostCapabilities getCapabilities() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String echo(String message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HardwareInfo getHardwareInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ping2() {
        }

        @Override
        public void ping() {
        }

        @Override
        public HealthReport getHealth() {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventPage getEvents(Long afterSeq, String topics, int limit) {
            throw new UnsupportedOperationException();
        }
    }
}
