package io.hostbridge.core.host;

import io.hostbridge.api.host.EventPage;
import io.hostbridge.api.host.HardwareInfo;
import io.hostbridge.api.host.HealthReport;
import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.host.HostCapabilities;
import io.hostbridge.api.host.HostStats;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.HostIdentity;
import io.hostbridge.core.spi.VmCounts;
import io.hostbridge.events.EventBus;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import oshi.SystemInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Host namespace, from OSHI, /proc and /sys. */
@Singleton
public final class HostService implements HostApi {
    private static final Logger LOG = LoggerFactory.getLogger(HostService.class);

    private final CapabilitiesReader capabilitiesReader;
    private final HardwareInfoReader hardwareReader;
    private final StatsSampler stats;
    private final HealthReporter health;
    private final EventLog events;
    private final Optional<VmCounts> vms;
    private final Object capabilitiesLock = new Object();
    private volatile HostCapabilities capabilities;

    /**
     * @param healthChecks a provider, so that checks may depend on things that depend on this service
     * @param vms          VM counts for the statistics, when the VM part is present
     */
    @Inject
    public HostService(CoreSettings settings, HostIdentity identity, EventBus bus,
                       Provider<Set<HealthCheck>> healthChecks, SystemInfo system, Optional<VmCounts> vms) {
        this.vms = vms;
        this.capabilitiesReader = new CapabilitiesReader(system, settings, identity.hostId());
        this.hardwareReader = new HardwareInfoReader(system.getHardware().getComputerSystem());
        this.stats = new StatsSampler(system, Clock.systemUTC());
        this.health = new HealthReporter(healthChecks::get);
        this.events = new EventLog(bus);
    }

    /** Read once: none of these facts changes while the agent runs. */
    @Override
    public HostCapabilities getCapabilities() {
        HostCapabilities result = capabilities;
        if (result == null) {
            synchronized (capabilitiesLock) {
                result = capabilities;
                if (result == null) {
                    result = capabilitiesReader.read();
                    capabilities = result;
                }
            }
        }
        return result;
    }

    @Override
    public HostStats getStats() {
        HostStats sample = stats.sample();
        if (vms.isEmpty()) {
            return sample;
        }
        VmCounts.Counts counts = vms.get().counts();
        return sample.withVmCounts(counts.count(), counts.active(), counts.migrating());
    }

    @Override
    public HardwareInfo getHardwareInfo() {
        return hardwareReader.read();
    }

    @Override
    public String echo(String message) {
        LOG.info("echo: {}", io.hostbridge.api.Printable.of(message));
        return message;
    }

    @Override
    public void ping2() {
        // answering at all is the answer
    }

    @Override
    public void ping() {
        // answering at all is the answer
    }

    @Override
    public HealthReport getHealth() {
        return health.report();
    }

    @Override
    public EventPage getEvents(Long afterSeq, String topics, int limit) {
        return events.page(afterSeq, topics, limit);
    }
}
