package io.hostbridge.bridge.internal;

import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallStage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per operation and binding: {@value #CALLS} (a latency histogram whose count is the number of calls) and
 * {@value #ERRORS} by error code. Meters are looked up once per label set and kept; labels come only from
 * declared names, so a caller cannot add series.
 */
final class MetricsStage implements CallStage {
    static final String CALLS = "hostbridge.calls";
    static final String ERRORS = "hostbridge.call.errors";
    /** Latency buckets from a fast local call to a slow storage operation. */
    private static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    MetricsStage(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void enter(Call call) {
        // measured when the call ends
    }

    @Override
    public Throwable exit(Call call, Throwable failure) {
        String binding = call.transport().binding();
        String operation = call.metricName();
        timers.computeIfAbsent(operation + ' ' + binding, k -> Timer.builder(CALLS)
                .description("Calls through the pipeline, by operation and binding")
                .tag("operation", operation).tag("binding", binding)
                .serviceLevelObjectives(BUCKETS).register(registry))
                .record(System.nanoTime() - call.startNanos(), TimeUnit.NANOSECONDS);
        if (failure != null) {
            String code = Outcome.of(failure);
            errors.computeIfAbsent(operation + ' ' + binding + ' ' + code, k -> Counter.builder(ERRORS)
                    .description("Failed calls, by operation, binding and error code (or transfer failure)")
                    .tag("operation", operation).tag("binding", binding).tag("code", code).register(registry))
                    .increment();
        }
        return failure;
    }
}
