package io.hostbridge.core.vm;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.PeerAgents;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.spi.CallGate;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.vm.HostVmApi;
import io.hostbridge.api.vm.VmApi;
import io.hostbridge.api.vm.VmDevicesApi;
import io.hostbridge.api.vm.HostVmPolicyApi;
import io.hostbridge.api.vm.VmBackupApi;
import io.hostbridge.api.vm.VmPolicyApi;
import io.hostbridge.api.vm.VmSnapshotApi;
import io.hostbridge.api.vm.VmStreamApi;
import io.hostbridge.api.vm.VmTuneApi;
import io.hostbridge.core.spi.VmCounts;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeUsers;
import java.util.Objects;

/**
 * VMs through libvirt: the VM namespace (its stream verbs too: consoles and screenshots), the VM verbs of the Host
 * namespace, the libvirt connection (a lifecycle and a health check), recovery after a start (a lifecycle and a call
 * gate), VM counts for Host.getStats and the volume files VMs use.
 */
public final class VmModule extends AbstractModule {
    private final VmSettings settings;
    private final VmTimeouts timeouts;

    public VmModule(VmSettings settings) {
        this(settings, VmTimeouts.DEFAULT);
    }

    /** With other waits than the agent's, for tests. */
    VmModule(VmSettings settings, VmTimeouts timeouts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    protected void configure() {
        bind(VmSettings.class).toInstance(settings);
        bind(VmTimeouts.class).toInstance(timeouts);
        bind(LibvirtConnection.class).in(Singleton.class);
        bind(VmRegistry.class).in(Singleton.class);
        bind(VmThreads.class).in(Singleton.class);
        bind(VmEvents.class).in(Singleton.class);
        bind(VmRecovery.class).in(Singleton.class);
        bind(Consoles.class).in(Singleton.class);
        // libvirt's consoles; a test binds its own (the test driver has none)
        OptionalBinder.newOptionalBinder(binder(), ConsoleOpener.class).setDefault().to(LibvirtConsoleOpener.class);
        // the storage part sets it; without it, drives by volume id are refused
        OptionalBinder.newOptionalBinder(binder(), VolumeCatalog.class);
        // how to call a migration's destination agent: bound by the HTTP listener (as this agent is called), else the
        // host's TLS material (https), else plain http
        OptionalBinder.newOptionalBinder(binder(), PeerAgents.class);
        OptionalBinder.newOptionalBinder(binder(), HostTls.class);
        OptionalBinder.newOptionalBinder(binder(), VmCounts.class).setBinding().to(VmRegistry.class);
        Multibinder.newSetBinder(binder(), VolumeUsers.class).addBinding().to(VmVolumeUsers.class);
        Multibinder.newSetBinder(binder(), NbdExports.class).addBinding().to(VmBackupService.class);
        Multibinder.newSetBinder(binder(), CallGate.class).addBinding().to(VmRecovery.class);
        Multibinder<Lifecycle> lifecycles = Multibinder.newSetBinder(binder(), Lifecycle.class);
        lifecycles.addBinding().to(VmThreads.class);
        lifecycles.addBinding().to(LibvirtConnection.class);
        lifecycles.addBinding().to(VmRecovery.class);
        lifecycles.addBinding().to(Consoles.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(LibvirtConnection.class);
    }

    @ProvidesIntoSet
    Implementation vmImplementation(VmService service, VmEvents events) {
        // VmEvents registers with the connection when built: built here, before the connection starts
        return Implementation.of(VmApi.class, service);
    }

    @ProvidesIntoSet
    Implementation vmTuneImplementation(VmTuneService service) {
        return Implementation.of(VmTuneApi.class, service);
    }

    @ProvidesIntoSet
    Implementation vmDevicesImplementation(VmDevicesService service) {
        return Implementation.of(VmDevicesApi.class, service);
    }

    @ProvidesIntoSet
    Implementation vmSnapshotImplementation(VmSnapshotService service) {
        return Implementation.of(VmSnapshotApi.class, service);
    }

    @ProvidesIntoSet
    Implementation vmPolicyImplementation(VmPolicyService service) {
        return Implementation.of(VmPolicyApi.class, service);
    }

    @ProvidesIntoSet
    Implementation hostVmPolicyImplementation(VmPolicyService service) {
        return Implementation.of(HostVmPolicyApi.class, service);
    }

    @ProvidesIntoSet
    Implementation vmBackupImplementation(VmBackupService service) {
        return Implementation.of(VmBackupApi.class, service);
    }

    @ProvidesIntoSet
    Implementation vmStreamImplementation(VmStreamService service) {
        return Implementation.of(VmStreamApi.class, service);
    }

    @ProvidesIntoSet
    Implementation hostVmImplementation(HostVmService service) {
        return Implementation.of(HostVmApi.class, service);
    }
}
