package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.storage.DomainClass;
import io.hostbridge.api.storage.DomainType;
import io.hostbridge.api.storage.Legality;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.StorageDomainApi;
import io.hostbridge.api.storage.VolumeApi;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.api.storage.VolumeInfo;
import io.hostbridge.api.transfer.ImageTicket;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.bridge.BridgeModule;
import io.hostbridge.core.CoreModule;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.InjectorTestModule;
import io.hostbridge.core.Poll;
import io.hostbridge.core.jobs.JobSettings;
import io.hostbridge.core.jobs.JobsModule;
import io.hostbridge.core.spi.VolumeUsers;
import io.hostbridge.core.spi.VolumeUsersContract;
import io.hostbridge.core.storage.StorageModule;
import io.hostbridge.core.storage.StorageSettings;
import io.hostbridge.core.transfer.TransferModule;
import io.hostbridge.core.transfer.TransferSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image transfers' volume users: a ticket uses its volume until it is removed, and is named by its transfer. Real storage (a localfs domain,
 * RAW volumes) and real tickets, through the verbs' implementations as the agent binds them.
 */
class TransferVolumeUsersTest implements VolumeUsersContract {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path stateDir;
    @TempDir
    Path domains;
    private InjectorTestModule injector;
    private final List<Lifecycle> started = new ArrayList<>();
    private final UUID domain = UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        CoreSettings settings = CoreSettings.builder().stateDir(stateDir).runDir(stateDir.resolve("run")).build();
        injector = InjectorTestModule.of(new BridgeModule(1000), new CoreModule(settings),
                new JobsModule(JobSettings.defaults()), new StorageModule(StorageSettings.defaults()),
                new TransferModule(TransferSettings.defaults()));
        List<Lifecycle> lifecycles = new ArrayList<>(injector.set(Lifecycle.class));
        lifecycles.sort(Comparator.comparingInt(Lifecycle::phase));
        for (Lifecycle lifecycle : lifecycles) {
            lifecycle.start();
            started.add(lifecycle);
        }
        verbs(StorageDomainApi.class).create(domain, DomainType.LOCALFS, domains.toString(), "transfers",
                DomainClass.DATA, 5);
    }

    @AfterEach
    void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }

    @Override
    public VolumeUsers users() {
        return injector.get(TransferVolumeUsers.class);
    }

    @Override
    public Use use() {
        UUID image = UUID.randomUUID();
        UUID volume = UUID.randomUUID();
        VolumeApi volumes = verbs(VolumeApi.class);
        volumes.create(volume, domain, image, SIZE, VolumeFormat.RAW, Preallocation.SPARSE, "", null, null, null,
                "DATA", null);
        VolumeInfo info = Poll.until(Duration.ofSeconds(10), () -> volumes.getInfo(domain, image, volume, null),
                i -> i.legality() == Legality.LEGAL, "the new volume legal");
        UUID ticket = UUID.randomUUID();
        String transfer = "transfer-" + UUID.randomUUID(); // what storage's callers are told, never the ticket id
        HostTransferService transfers = injector.get(HostTransferService.class);
        transfers.add_image_ticket(new ImageTicket(ticket, SIZE, List.of(TicketOp.READ), 300, null, transfer, null,
                null, null, domain, image, volume, null));
        return new Use(Path.of(info.path()), transfer, () -> transfers.remove_image_ticket(ticket));
    }

    /** The implementation the agent binds for a verb interface. */
    private <T> T verbs(Class<T> api) {
        return injector.set(Implementation.class).stream().filter(i -> i.api() == api).map(i -> api.cast(i.target()))
                .findFirst().orElseThrow();
    }
}
