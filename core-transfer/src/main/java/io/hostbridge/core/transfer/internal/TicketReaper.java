package io.hostbridge.core.transfer.internal;

import io.hostbridge.bridge.ErrorIds;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes expired tickets every second. Nobody may use an expired ticket, yet until it is removed it keeps its
 * backend open (qemu-nbd running for a qcow2 volume) and its volume in use; a client that vanished, or a manager
 * that forgot the ticket, would leave both for good. Started and stopped with the tickets (TransferModule).
 */
public final class TicketReaper {
    static final long PERIOD_MILLIS = 1000;

    private final Tickets tickets;
    private ScheduledExecutorService sweeper;

    @Inject
    public TicketReaper(Tickets tickets) {
        this.tickets = tickets;
    }

    public void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticket-reaper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One sweep; a failure is logged and the next sweep runs (a scheduled task that throws is never run again). */
    private void sweep() {
        try {
            tickets.reapExpired();
        } catch (RuntimeException e) {
            ErrorIds.record("reaping expired image tickets", e);
        }
    }

    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
