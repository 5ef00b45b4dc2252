package io.hostbridge.core.vm;

import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.DaemonThreads;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Threads of the VM part: a pool that runs VM operations (each VM's one at a time, see {@link SerialQueue}), a
 * scheduler for delayed work (shutdown delays and timeouts, migration progress), and the threads of migrations and
 * open consoles.
 */
@Singleton
final class VmThreads implements Lifecycle {
    /** Operations on different VMs that may run at once; more wait in the pool's queue. */
    static final int WORKERS = 16;

    private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS, DaemonThreads.named("vm-op"));
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, DaemonThreads.named("vm-timer"));
    private final ExecutorService migrations = Executors.newCachedThreadPool(DaemonThreads.named("vm-migration"));
    private final ExecutorService consoles = Executors.newCachedThreadPool(DaemonThreads.named("vm-console"));

    ExecutorService pool() {
        return pool;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService migrations() {
        return migrations;
    }

    /** The threads that wait for a console's output, one per open console. */
    ExecutorService consoles() {
        return consoles;
    }

    @Override
    public String name() {
        return "vm-threads";
    }

    @Override
    public void start() {
        // the executors exist from construction
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        migrations.shutdownNow();
        consoles.shutdownNow();
        pool.shutdownNow();
    }

}
