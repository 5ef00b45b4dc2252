package io.hostbridge.agent;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.binding.imageio.ImageServer;
import io.hostbridge.http.HttpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the injector built from the modules the configuration chose, and its started
 * {@link Lifecycle}s. Closing stops them in reverse order.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final Injector injector;
    private final List<Lifecycle> started = new ArrayList<>();
    private final List<String> moduleNames;

    private Agent(Injector injector, List<String> moduleNames) {
        this.injector = injector;
        this.moduleNames = moduleNames;
    }

    /** Builds the injector from {@code modules} and starts every lifecycle; on failure stops what started. */
    public static Agent start(List<Module> modules) throws Exception {
        List<String> names = modules.stream().map(m -> m.getClass().getSimpleName()).collect(Collectors.toList());
        LOG.info("modules: {}", names);
        long begin = System.nanoTime();
        ProvisionTimes provisions = new ProvisionTimes();
        List<Module> measured = new ArrayList<>(modules);
        measured.add(binder -> binder.bindListener(com.google.inject.matcher.Matchers.any(), provisions));
        Agent agent = new Agent(Guice.createInjector(measured), names);
        Set<Lifecycle> lifecycles = agent.injector.getInstance(Key.get(new TypeLiteral<Set<Lifecycle>>() { }));
        List<Lifecycle> ordered = lifecycles.stream().sorted(Comparator.comparingInt(Lifecycle::phase))
                .collect(Collectors.toList());
        // where the start's time goes, for operators and for the start-up benchmark (docs/benchmarks.md)
        StringBuilder times = new StringBuilder("injector ").append(millis(begin)).append(" ms");
        try {
            for (Lifecycle lifecycle : ordered) {
                LOG.debug("starting {}", lifecycle.name());
                long t = System.nanoTime();
                lifecycle.start();
                agent.started.add(lifecycle);
                times.append(", ").append(lifecycle.name()).append(' ').append(millis(t)).append(" ms");
            }
        } catch (Exception | Error e) {
            provisions.stop(0);
            agent.close();
            throw e;
        }
        LOG.info("started in {} ms: {}; slowest to make: {}", millis(begin), times, provisions.stop(5));
        return agent;
    }

    private static long millis(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Names of the Guice modules in use, in order. */
    public List<String> modules() {
        return moduleNames;
    }

    /** The bound HTTP address, when a binding needs the listener. */
    public Optional<InetSocketAddress> httpAddress() {
        return injector.getExistingBinding(Key.get(HttpListener.class)) == null ? Optional.empty()
                : Optional.of(injector.getInstance(HttpListener.class).address());
    }

    /** The bound address of a protocol's own listener (e.g. {@code stomp} with stomp.port set), if it has one. */
    public Optional<InetSocketAddress> ownListener(String protocol) {
        return injector.getExistingBinding(Key.get(HttpListener.class)) == null ? Optional.empty()
                : injector.getInstance(HttpListener.class).ownAddress(protocol);
    }

    /** Whether the HTTP API's TCP port speaks TLS. */
    public boolean httpSecure() {
        return injector.getExistingBinding(Key.get(HttpListener.class)) != null
                && injector.getInstance(HttpListener.class).secure();
    }

    /** The HTTP API's unix socket, when there is one. */
    public Optional<java.nio.file.Path> httpSocket() {
        return injector.getExistingBinding(Key.get(HttpListener.class)) == null ? Optional.empty()
                : injector.getInstance(HttpListener.class).socket();
    }

    /** The image data server's TCP address and unix socket, when it runs. */
    public Optional<ImageServer> imageServer() {
        return injector.getExistingBinding(Key.get(ImageServer.class)) == null ? Optional.empty()
                : Optional.of(injector.getInstance(ImageServer.class));
    }

    /** The bridge, for in-process callers such as tests and benchmarks. */
    public Bridge bridge() {
        return injector.getInstance(Bridge.class);
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Lifecycle lifecycle = started.get(i);
            try {
                lifecycle.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed", lifecycle.name(), e);
            }
        }
        started.clear();
    }
}
