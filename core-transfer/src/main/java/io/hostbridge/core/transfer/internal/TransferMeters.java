package io.hostbridge.core.transfer.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Inject;

/** Image transfers for {@code GET /api/v1/metrics}: live tickets, operations in progress, bytes moved. */
public final class TransferMeters implements MeterBinder {
    private final Tickets tickets;

    @Inject
    public TransferMeters(Tickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hostbridge.transfer.tickets", tickets, t -> t.all().size())
                .description("Image transfer tickets that exist").register(registry);
        Gauge.builder("hostbridge.transfer.operations", tickets,
                t -> t.all().stream().mapToInt(Ticket::activeOperations).sum())
                .description("Image data operations in progress").register(registry);
        FunctionCounter.builder("hostbridge.transfer.bytes", tickets, Tickets::transferred)
                .description("Bytes moved by image transfers since the agent started").baseUnit("bytes")
                .register(registry);
    }
}
