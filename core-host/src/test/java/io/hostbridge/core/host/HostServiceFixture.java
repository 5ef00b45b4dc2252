package io.hostbridge.core.host;

import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.HostIdentity;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import oshi.SystemInfo;

/** A HostService on a temporary state dir, wired by hand. */
final class HostServiceFixture {

    final CoreSettings settings;
    final HostIdentity identity;
    final EventBus bus;
    final HostService service;

    HostServiceFixture(Path stateDir, EventBusSettings events, Set<HealthCheck> checks) {
        settings = CoreSettings.builder().stateDir(stateDir).runDir(stateDir.resolve("run")).events(events)
                .protocols(List.of("rest", "xmlrpc")).softwareVersion("9.9.9-test").build();
        identity = HostIdentity.load(stateDir, () -> null);
        bus = new InMemoryEventBus(identity.hostId(), events, new InMemorySequenceAllocator(), Clock.systemUTC());
        service = new HostService(settings, identity, bus, () -> checks, new SystemInfo(), java.util.Optional.empty());
    }

    HostServiceFixture(Path stateDir) {
        this(stateDir, EventBusSettings.defaults(), Set.of());
    }
}
