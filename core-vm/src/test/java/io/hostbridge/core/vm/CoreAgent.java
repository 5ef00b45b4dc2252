package io.hostbridge.core.vm;

import com.google.inject.Module;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.BridgeModule;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.stream.MemoryStreamClient;
import io.hostbridge.core.CoreModule;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.InjectorTestModule;
import io.hostbridge.core.Poll;
import io.hostbridge.core.host.HostModule;
import io.hostbridge.core.jobs.JobSettings;
import io.hostbridge.core.jobs.JobsModule;
import io.hostbridge.core.storage.StorageModule;
import io.hostbridge.core.storage.StorageSettings;
import io.hostbridge.core.transfer.TransferModule;
import io.hostbridge.core.transfer.TransferSettings;
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
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.libvirt.LibvirtException;

/**
 * The core with the VM part as the agent assembles it (Core, Host, Jobs, Storage, VM and Transfer modules, lifecycles started), on
 * libvirt's test driver, called through the bridge as a binding would. Unless the settings name one, the agent's
 * ISO directory is {@link TestDisks#DIR}, where test VMs' disk files are.
 */
final class CoreAgent implements AutoCloseable {
    private final InjectorTestModule injector;
    private final List<Lifecycle> started = new ArrayList<>();
    final Bridge bridge;
    final Subscription events;

    CoreAgent(Path stateDir, VmSettings vm) throws Exception {
        this(stateDir, vm, VmTimeouts.DEFAULT);
    }

    /** With shorter waits than the agent's, so a test need not wait out the real bounds. */
    CoreAgent(Path stateDir, VmSettings vm, VmTimeouts timeouts) throws Exception {
        this(stateDir, vm, timeouts, UnaryOperator.identity());
    }

    /** With the event publisher wrapped by {@code publisher} (see {@link PublisherFaultModule}). */
    CoreAgent(Path stateDir, VmSettings vm, VmTimeouts timeouts, UnaryOperator<EventPublisher> publisher)
            throws Exception {
        this(stateDir, vm, timeouts, publisher, List.of());
    }

    /** With {@code extra} modules beside the agent's (e.g. {@link FakeConsoleModule}); waits for the recovery. */
    CoreAgent(Path stateDir, Module... extra) throws Exception {
        this(stateDir, VmSettings.defaults(), VmTimeouts.DEFAULT, UnaryOperator.identity(), List.of(extra));
        awaitRecovered();
    }

    private CoreAgent(Path stateDir, VmSettings vm, VmTimeouts timeouts, UnaryOperator<EventPublisher> publisher,
                      List<Module> extra) throws Exception {
        CoreSettings settings = CoreSettings.builder().stateDir(stateDir).runDir(stateDir.resolve("run")).build();
        List<Module> modules = new ArrayList<>(List.of(new PublisherFaultModule(new BridgeModule(1000), publisher),
                new CoreModule(settings), new HostModule(),
                new JobsModule(JobSettings.defaults()), new StorageModule(StorageSettings.defaults()),
                new VmModule(vm.isoDir().isEmpty() ? vm.withIsoDir(TestDisks.DIR.toString()) : vm, timeouts),
                new TransferModule(TransferSettings.defaults())));
        modules.addAll(extra);
        injector = InjectorTestModule.of(modules.toArray(Module[]::new));
        bridge = injector.get(Bridge.class);
        events = injector.get(EventBus.class).subscribe(SubscriptionSpec.live(TopicFilter.parse("vm.#"), 10_000));
        List<Lifecycle> lifecycles = new ArrayList<>(injector.set(Lifecycle.class));
        lifecycles.sort(Comparator.comparingInt(Lifecycle::phase));
        for (Lifecycle lifecycle : lifecycles) {
            lifecycle.start();
            started.add(lifecycle);
        }
    }

    /** Starts the agent and waits until its (empty or quick) VM recovery is over. */
    CoreAgent(Path stateDir) throws Exception {
        this(stateDir, VmSettings.defaults());
        awaitRecovered();
    }

    void awaitRecovered() {
        Poll.until(Duration.ofSeconds(10), () -> {
            try {
                get(VmRecovery.class).check("VM.getInfo");
                return true;
            } catch (BridgeException e) {
                return false;
            }
        }, done -> done, "VM recovery over");
    }

    Object call(String verb, Map<String, ?> params) {
        return bridge.call(Transport.of("test", "local", null), verb, params);
    }

    /** Calls a stream verb; the caller's end of the stream it opened. */
    MemoryStreamClient stream(String verb, Map<String, ?> params) {
        MemoryStreamClient client = new MemoryStreamClient();
        Map<?, ?> ref = (Map<?, ?>) bridge.call(Transport.of("test", "local", null).withStreams(client), verb, params);
        if (client.stream() == null || !client.stream().id().equals(ref.get("streamId"))) {
            throw new AssertionError(verb + " returned " + ref + " but attached " + client.stream());
        }
        return client;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String verb, Map<String, ?> params) {
        return (Map<String, Object>) call(verb, params);
    }

    BridgeException error(String verb, Map<String, ?> params) {
        try {
            call(verb, params);
        } catch (BridgeException e) {
            return e;
        }
        throw new AssertionError(verb + " succeeded; expected an error");
    }

    /** The next event on a vm.* topic that matches, within the deadline. */
    Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<Delivery> d = events.poll(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (d.isPresent() && d.get() instanceof Delivery.Published p && wanted.test(p.event())) {
                return p.event();
            }
        }
        throw new AssertionError("no matching vm event within " + timeout);
    }

    /** The next vm.status event of {@code vmId} with {@code status}. */
    Event awaitStatus(String vmId, String status) throws InterruptedException {
        return await(e -> e.topic().equals("vm.status") && e.subject().equals(vmId)
                && status.equals(((Map<?, ?>) e.payload()).get("status")), Duration.ofSeconds(10));
    }

    /**
     * From now on the agent no longer hears libvirt's lifecycle events (as when libvirt loses them): libvirt still
     * acts on every request, but the agent is not told what became of its domains.
     */
    void stopLifecycleEvents() throws LibvirtException {
        VmEvents listener = get(VmEvents.class);
        get(LibvirtConnection.class).call(c -> {
            c.removeLifecycleListener(listener);
            return null;
        });
    }

    <T> T get(Class<T> type) {
        return injector.get(type);
    }

    @Override
    public void close() {
        events.close();
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }
}
