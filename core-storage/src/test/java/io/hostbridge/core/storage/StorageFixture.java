package io.hostbridge.core.storage;

import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.storage.DomainClass;
import io.hostbridge.api.storage.DomainType;
import io.hostbridge.api.storage.HostStorageApi;
import io.hostbridge.api.storage.ImageApi;
import io.hostbridge.api.storage.SdmApi;
import io.hostbridge.api.storage.StorageDomainApi;
import io.hostbridge.api.storage.VolumeApi;
import io.hostbridge.bridge.CodecEventPublisher;
import io.hostbridge.bridge.ValueCodec;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.jobs.JobManager;
import io.hostbridge.core.jobs.JobSettings;
import io.hostbridge.core.spi.VolumeUsers;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The storage part of the core, wired by hand on a temporary state dir, with a settable set of volume users. */
final class StorageFixture implements AutoCloseable {
    private static final ApiModel MODEL = ApiModel.read(ApiCatalog.VERSION, List.of(HostStorageApi.class,
            StorageDomainApi.class, ImageApi.class, VolumeApi.class, SdmApi.class, JobApi.class));

    final Path stateDir;
    final EventBus bus;
    final JobManager jobs;
    final DomainRegistry registry;
    final Volumes volumes;
    final StorageDomainService domains;
    final VolumeService volumeService;
    final ImageService images;
    final SdmService sdm;
    final LocalVolumeCatalog catalog;
    /** Volume files "in use", with who uses them: a stand-in contributor of the VolumeUsers set. */
    final Map<Path, String> users = new ConcurrentHashMap<>();

    StorageFixture(Path stateDir, StorageSettings settings) {
        this(stateDir, settings, 2);
    }

    StorageFixture(Path stateDir, StorageSettings settings, int jobWorkers) {
        this.stateDir = stateDir;
        CoreSettings core = CoreSettings.builder().stateDir(stateDir).runDir(stateDir.resolve("run"))
                .softwareVersion("9.9.9-test").build();
        bus = new InMemoryEventBus("host", EventBusSettings.defaults(), new InMemorySequenceAllocator(),
                Clock.systemUTC());
        CodecEventPublisher publisher = new CodecEventPublisher(MODEL, new ValueCodec(MODEL), bus);
        jobs = new JobManager(core, () -> publisher, new JobSettings(jobWorkers, 100));
        jobs.start(); // reads the job records, as the agent's start does
        registry = new DomainRegistry(core);
        VolumeUsers contributor = path -> Optional.ofNullable(users.get(path));
        volumes = new Volumes(registry, settings, new VolumeUsage(() -> Set.of(contributor)));
        VolumeCreator creator = new VolumeCreator(volumes, jobs);
        VolumeCopier copier = new VolumeCopier(volumes, creator, jobs);
        domains = new StorageDomainService(volumes);
        volumeService = new VolumeService(volumes, creator, copier, jobs);
        images = new ImageService(volumes, jobs);
        sdm = new SdmService(copier, volumes, jobs);
        catalog = new LocalVolumeCatalog(volumes);
        new StorageRecovery(registry).start();
    }

    StorageFixture(Path stateDir) {
        this(stateDir, new StorageSettings(0, Duration.ofSeconds(2)));
    }

    /** A new data domain in a new directory under {@code parent}. */
    UUID domain(Path parent) throws IOException {
        UUID id = UUID.randomUUID();
        Path dir = Files.createDirectories(parent.resolve("sd-" + id.toString().substring(0, 8)));
        domains.create(id, DomainType.LOCALFS, dir.toString(), "test", DomainClass.DATA, 5);
        return id;
    }

    /** The error code a call fails with. */
    static int code(Runnable call) {
        try {
            call.run();
        } catch (io.hostbridge.api.BridgeException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out.lines().toList();
    }

    @Override
    public void close() {
        jobs.stop();
    }
}
