package io.hostbridge.core.transfer;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.transfer.ImageTransfers;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.BridgeModule;
import io.hostbridge.bridge.Transport;
import io.hostbridge.core.CoreModule;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.InjectorTestModule;
import io.hostbridge.core.Poll;
import io.hostbridge.core.jobs.JobSettings;
import io.hostbridge.core.jobs.JobsModule;
import io.hostbridge.core.storage.StorageModule;
import io.hostbridge.core.storage.StorageSettings;
import io.hostbridge.events.Delivery;
import io.hostbridge.events.Event;
import io.hostbridge.events.EventBus;
import io.hostbridge.events.Subscription;
import io.hostbridge.events.SubscriptionSpec;
import io.hostbridge.events.TopicFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Storage and transfers as the agent assembles them (lifecycles started), called through the bridge as a binding
 * would, with one localfs domain in {@code domains}; {@code transfer.*} events are collected from the bus.
 */
final class TransferAgent implements AutoCloseable {
    private final InjectorTestModule injector;
    private final List<Lifecycle> started = new ArrayList<>();
    private final Subscription events;
    final Bridge bridge;
    final String domain = UUID.randomUUID().toString();

    TransferAgent(Path stateDir, Path domains) throws Exception {
        CoreSettings settings = CoreSettings.builder().stateDir(stateDir).runDir(stateDir.resolve("run")).build();
        injector = InjectorTestModule.of(new BridgeModule(1000), new CoreModule(settings),
                new JobsModule(JobSettings.defaults()), new StorageModule(StorageSettings.defaults()),
                new TransferModule(TransferSettings.defaults()));
        bridge = injector.get(Bridge.class);
        events = injector.get(EventBus.class).subscribe(SubscriptionSpec.live(TopicFilter.parse("transfer.#"), 1000));
        List<Lifecycle> lifecycles = new ArrayList<>(injector.set(Lifecycle.class));
        lifecycles.sort(Comparator.comparingInt(Lifecycle::phase));
        for (Lifecycle lifecycle : lifecycles) {
            lifecycle.start();
            started.add(lifecycle);
        }
        call("StorageDomain.create", Map.of("storagedomainID", domain, "domainType", "localfs", "typeArgs",
                domains.toString(), "name", "transfers", "domainClass", "data"));
    }

    Object call(String verb, Map<String, ?> params) {
        return bridge.call(Transport.of("test", "local", null), verb, params);
    }

    BridgeException error(String verb, Map<String, ?> params) {
        try {
            call(verb, params);
        } catch (BridgeException e) {
            return e;
        }
        throw new AssertionError(verb + " succeeded; expected an error");
    }

    /** A new LEGAL volume ({@code RAW} or {@code COW}) in a new image; its ids and its file's path. */
    Map<String, String> volume(String format, long size) {
        String image = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        call("Volume.create", Map.of("volumeID", volume, "storagedomainID", domain, "imageID", image, "size", size,
                "volFormat", format, "preallocate", "SPARSE"));
        Map<String, String> ids = Map.of("storagedomainID", domain, "imageID", image, "volumeID", volume);
        Map<?, ?> info = Poll.until(Duration.ofSeconds(10), () -> (Map<?, ?>) call("Volume.getInfo", ids),
                i -> "LEGAL".equals(i.get("legality")), "volume " + volume + " legal");
        return Map.of("storagedomainID", domain, "imageID", image, "volumeID", volume, "path",
                (String) info.get("path"));
    }

    /** The data side, as the image data server uses it. */
    ImageTransfers transfers() {
        return injector.get(ImageTransfers.class);
    }

    /** Every transfer.* event published so far (after the last call). */
    List<Event> events() throws InterruptedException {
        List<Event> out = new ArrayList<>();
        Optional<Delivery> d;
        while ((d = events.poll(Duration.ofMillis(50))).isPresent()) {
            if (d.get() instanceof Delivery.Published p) {
                out.add(p.event());
            }
        }
        return out;
    }

    /** The next transfer.* event on {@code topic}, within {@code timeout}. */
    Event await(String topic, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<Delivery> d = events.poll(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (d.isPresent() && d.get() instanceof Delivery.Published p && p.event().topic().equals(topic)) {
                return p.event();
            }
        }
        throw new AssertionError("no " + topic + " event within " + timeout);
    }

    @Override
    public void close() {
        events.close();
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }
}
