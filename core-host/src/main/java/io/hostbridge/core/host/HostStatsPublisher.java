package io.hostbridge.core.host;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.HostIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes {@code host.stats} about the host every {@code statsInterval}, on one daemon thread. */
@Singleton
public final class HostStatsPublisher implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HostStatsPublisher.class);
    private static final String THREAD_NAME = "host-stats";

    private final HostApi host;
    private final EventPublisher publisher;
    private final String hostId;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private int failuresInARow;

    @Inject
    public HostStatsPublisher(CoreSettings settings, HostService host, EventPublisher publisher,
                              HostIdentity identity) {
        this(host, publisher, identity.hostId(), settings.statsInterval());
    }

    HostStatsPublisher(HostApi host, EventPublisher publisher, String hostId, Duration interval) {
        this.host = host;
        this.publisher = publisher;
        this.hostId = hostId;
        this.interval = interval;
    }

    @Override
    public String name() {
        return THREAD_NAME;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException(THREAD_NAME + " is already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        // the first sample after one interval: the service's start-up snapshot then gives a full window
        long nanos = interval.toNanos();
        executor.scheduleAtFixedRate(this::publishOnce, nanos, nanos, TimeUnit.NANOSECONDS);
        LOG.info("Publishing {} every {} ms", HostApi.STATS.name(), interval.toMillis());
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 5 s", THREAD_NAME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    // runs on the one scheduler thread only
    private void publishOnce() {
        try {
            publisher.publish(HostApi.STATS, hostId, host.getStats());
            if (failuresInARow > 0) {
                LOG.info("Host statistics are published again after {} failed attempts", failuresInARow);
                failuresInARow = 0;
            }
        } catch (RuntimeException e) {
            // a throwing task would cancel the schedule: log and try again next interval
            if (failuresInARow++ == 0) {
                LOG.warn("Cannot publish host statistics; will retry every {} ms", interval.toMillis(), e);
            } else {
                LOG.debug("Cannot publish host statistics ({} failures in a row)", failuresInARow, e);
            }
        }
    }
}
