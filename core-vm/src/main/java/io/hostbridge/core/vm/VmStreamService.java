package io.hostbridge.core.vm;

import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.vm.VmStreamApi;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The VM namespace's stream verbs: the serial console and screenshots. */
@Singleton
public final class VmStreamService implements VmStreamApi {
    private final VmRegistry registry;
    private final Consoles consoles;
    private final Screenshots screenshots;

    @Inject
    VmStreamService(VmRegistry registry, Consoles consoles, Screenshots screenshots) {
        this.registry = registry;
        this.consoles = consoles;
        this.screenshots = screenshots;
    }

    @Override
    public StreamHandler openConsole(UUID vmID, String devname, boolean force) {
        return consoles.open(registry.require(vmID), devname, force);
    }

    @Override
    public StreamHandler screenshot(UUID vmID, int screen) {
        return screenshots.take(registry.require(vmID), screen);
    }
}
