package io.hostbridge.binding.stomp;

import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.bridge.Bridge;
import io.hostbridge.bridge.DaemonThreads;
import io.hostbridge.jsonrpc.JsonRpc;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the STOMP connections share: the workers that run requests (bounded: beyond them and their queue a request
 * is answered with code 1100 at once), one timer for every connection's heart-beats, the threads that forward
 * events and those that hand stream packets to their streams, and the sessions alive, which stop with the agent.
 */
@Singleton
final class StompRuntime implements Lifecycle {
    final Bridge bridge;
    final JsonRpc rpc;
    final StompSettings settings;
    final ThreadPoolExecutor workers;
    final ScheduledExecutorService timer;
    final ExecutorService pumps;
    /** Hand stream packets to their streams, a task per connection at a time (they may wait for room). */
    final ExecutorService packets;
    final Semaphore eventSubscribers;
    private final Set<StompSession> sessions = ConcurrentHashMap.newKeySet();

    @Inject
    StompRuntime(Bridge bridge, StompSettings settings) {
        this.bridge = bridge;
        this.rpc = new JsonRpc(bridge);
        this.settings = settings;
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 60, TimeUnit.SECONDS,
                settings.queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queueSize()),
                DaemonThreads.named("stomp-worker"));
        this.workers.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stomp-heartbeat"));
        this.pumps = Executors.newCachedThreadPool(DaemonThreads.named("stomp-events"));
        this.packets = Executors.newCachedThreadPool(DaemonThreads.named("stomp-packets"));
        this.eventSubscribers = new Semaphore(settings.maxEventSubscribers());
    }

    StompSession open(Wire wire) {
        StompSession session = new StompSession(wire, this);
        sessions.add(session);
        return session;
    }

    void closed(StompSession session) {
        sessions.remove(session);
    }

    @Override
    public String name() {
        return "stomp";
    }

    /** After the listener (phase 100) in start order, so it stops before the listener does. */
    @Override
    public int phase() {
        return 110;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        for (StompSession session : sessions) {
            session.shutdown();
        }
        timer.shutdownNow();
        pumps.shutdownNow();
        packets.shutdownNow();
        workers.shutdownNow();
    }

}
