package io.hostbridge.core.transfer;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.storage.VolumeDataApi;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.transfer.HostTransferApi;
import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeUsers;
import io.hostbridge.core.transfer.internal.BlockHashEngine;
import io.hostbridge.core.transfer.internal.DefaultImageTransfers;
import io.hostbridge.core.transfer.internal.HostTransferService;
import io.hostbridge.core.transfer.internal.QemuNbdBackends;
import io.hostbridge.core.transfer.internal.TicketReaper;
import io.hostbridge.core.transfer.internal.Tickets;
import io.hostbridge.core.transfer.internal.TransferMeters;
import io.hostbridge.core.transfer.internal.TransferVolumeUsers;
import io.hostbridge.core.transfer.internal.VolumeStreams;
import io.hostbridge.nbd.QemuNbd;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Image transfer tickets ({@code Host.*_image_ticket}) and the data API a data server binding uses
 * ({@link ImageTransfers}). Storage binds {@link VolumeCatalog} (optional: without storage, tickets are refused);
 * qcow2 volumes go through qemu-nbd ({@link QcowBackends}) and checksums through blkhash ({@link BlockHashing}),
 * both seams bound here.
 */
public final class TransferModule extends AbstractModule {
    private final TransferSettings settings;

    public TransferModule(TransferSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(TransferSettings.class).toInstance(settings);
        OptionalBinder.newOptionalBinder(binder(), VolumeCatalog.class);
        OptionalBinder.newOptionalBinder(binder(), QcowBackends.class).setBinding().to(QemuNbdBackends.class);
        OptionalBinder.newOptionalBinder(binder(), BlockHashing.class).setBinding().to(BlockHashEngine.class);
        bind(Tickets.class).in(Singleton.class);
        bind(ImageTransfers.class).to(DefaultImageTransfers.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), VolumeUsers.class).addBinding().to(TransferVolumeUsers.class);
        bind(NbdServers.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), VolumeUsers.class).addBinding().to(NbdServers.class);
        Multibinder.newSetBinder(binder(), NbdExports.class).addBinding().to(NbdServers.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(NbdServers.class);
        Multibinder.newSetBinder(binder(), MeterBinder.class).addBinding().to(TransferMeters.class);
    }

    @ProvidesIntoSet
    Implementation transferImplementation(HostTransferService service) {
        return Implementation.of(HostTransferApi.class, service);
    }

    @ProvidesIntoSet
    Implementation nbdImplementation(NbdServers servers) {
        return Implementation.of(io.hostbridge.api.nbd.NbdApi.class, servers);
    }

    /** Volume.upload and Volume.download: volume data through the caller's own connection. */
    @ProvidesIntoSet
    Implementation volumeStreams(VolumeStreams streams) {
        return Implementation.of(VolumeDataApi.class, streams);
    }

    /**
     * At start, removes the qemu-nbd sockets a killed agent left in the run dir (their processes died with it) and
     * starts reaping expired tickets; at stop, stops reaping and closes the backends of tickets still open
     * (stopping qemu-nbd for qcow2).
     */
    @ProvidesIntoSet
    Lifecycle ticketsLifecycle(Tickets tickets, CoreSettings core, TicketReaper reaper) {
        return new Lifecycle() {
            @Override
            public String name() {
                return "image tickets";
            }

            @Override
            public void start() throws Exception {
                QemuNbd.removeStaleSockets(core.runDir());
                reaper.start();
            }

            @Override
            public void stop() {
                reaper.stop();
                tickets.closeAll();
            }
        };
    }
}
