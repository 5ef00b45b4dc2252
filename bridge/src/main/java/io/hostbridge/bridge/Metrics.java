package io.hostbridge.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.List;

/**
 * The agent's meters, in Micrometer's Prometheus registry: per-call meters from the pipeline, gauges contributed
 * by the parts of the agent ({@link MeterBinder}s in a set), and the JVM's. {@link #scrape} renders them in
 * Prometheus' text format, the convention host exporters follow.
 */
public final class Metrics {
    /** Content type of {@link #scrape}: Prometheus' text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics(Collection<MeterBinder> binders) {
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(),
                new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        binders.forEach(b -> b.bindTo(registry));
    }

    /** A registry without contributed gauges, e.g. for a bridge in a test. */
    public static Metrics standalone() {
        return new Metrics(List.of());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus' text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }
}
