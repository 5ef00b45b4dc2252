package io.hostbridge.bridge.stream;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.Caller;
import io.hostbridge.bridge.Transport;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.events.InMemoryEventBus;
import io.hostbridge.events.InMemorySequenceAllocator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real bridge over {@link DataApi} whose callers are named by their transport's remote address, and the
 * caller's side of its streams.
 */
final class StreamFixture {
    /** How long a test waits for what must happen. */
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int KIB = 1024;

    private final DataService service = new DataService();
    private final AtomicInteger scripts = new AtomicInteger();
    private final Bridge bridge;

    StreamFixture() {
        this(StreamLimits.DEFAULTS);
    }

    StreamFixture(StreamLimits limits) {
        bridge = Bridge.builder().model(ApiModel.read("0.1.0", List.of(DataApi.class)))
                .implementation(Implementation.of(DataApi.class, service))
                .events(new InMemoryEventBus(UUID.randomUUID().toString(), EventBusSettings.defaults(),
                        new InMemorySequenceAllocator(), Clock.systemUTC()))
                .authenticator(t -> new Caller(t.remote().isEmpty() ? "anonymous" : t.remote(), AccessLevel.ADMIN))
                .streamLimits(limits).build();
    }

    /** Limits with the given counts and times, and the smallest buffer (two packets). */
    static StreamLimits limits(int max, int perCaller, Duration attach, Duration idle, Duration stall) {
        return new StreamLimits(max, perCaller, 512 * KIB, attach, idle, stall);
    }

    Bridge bridge() {
        return bridge;
    }

    static Transport as(String caller) {
        return Transport.of("test", caller, null);
    }

    /** Registers what the verb does when called with the returned script name. */
    String script(Supplier<StreamHandler> verb) {
        String name = "script-" + scripts.incrementAndGet();
        service.register(name, verb);
        return name;
    }

    /** Calls {@code verb} as {@code caller} on a connection that carries its stream; the stream runs {@code h}. */
    CallerEnd open(String verb, String caller, StreamHandler h) {
        return open(verb, caller, h, new TestPort());
    }

    /** As {@link #open(String, String, StreamHandler)}, on the connection {@code port}. */
    CallerEnd open(String verb, String caller, StreamHandler h, TestPort port) {
        TestPorts ports = new TestPorts(port);
        String id = call(verb, caller, script(() -> h), ports);
        if (ports.stream() == null || !ports.stream().id().equals(id)) {
            throw new AssertionError("the stream was not attached before the call returned");
        }
        return new CallerEnd(id, ports.stream(), ports.port());
    }

    /** Calls a stream verb and returns the stream id it answered. */
    String call(String verb, String caller, String script, StreamPorts ports) {
        Transport transport = ports == null ? as(caller) : as(caller).withStreams(ports);
        Object result = bridge.call(transport, verb, Map.of("script", script));
        return (String) ((Map<?, ?>) result).get("streamId");
    }

    /** Attaches a stream opened by an earlier call, as a WebSocket would. */
    CallerEnd attach(String caller, String id) {
        TestPorts ports = new TestPorts();
        AttachedStream stream = bridge.streams().attach(as(caller), id, ports);
        return new CallerEnd(id, stream, ports.port());
    }

    /** Waits until {@code condition} holds, asking again every few milliseconds. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
