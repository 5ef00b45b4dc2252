package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

/**
 * Shared and exclusive locks on domains and volumes, by id. Operations on one volume are serialized, on different
 * volumes run in parallel. A lease may be released by another thread than the one that took it (a job releases
 * what its call took). Locks are taken in one global order (by id), so two operations never deadlock; waiting is
 * bounded, and a timeout is error 851 naming what was busy.
 */
final class LockTable {
    private final Map<UUID, StampedLock> locks = new ConcurrentHashMap<>();
    private final Duration timeout;

    LockTable(Duration timeout) {
        this.timeout = timeout;
    }

    /** What to lock: ids to share (readers) and ids to hold alone; an id in both is held alone. */
    Lease acquire(List<UUID> shared, List<UUID> exclusive) {
        TreeMap<UUID, Boolean> wanted = new TreeMap<>();
        shared.forEach(id -> wanted.put(id, Boolean.FALSE));
        exclusive.forEach(id -> wanted.put(id, Boolean.TRUE));
        List<Runnable> releases = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Map.Entry<UUID, Boolean> entry : wanted.entrySet()) {
                StampedLock lock = locks.computeIfAbsent(entry.getKey(), k -> new StampedLock());
                long wait = Math.max(0, deadline - System.nanoTime());
                long stamp = entry.getValue() ? lock.tryWriteLock(wait, TimeUnit.NANOSECONDS)
                        : lock.tryReadLock(wait, TimeUnit.NANOSECONDS);
                if (stamp == 0) {
                    throw BridgeException.of(ErrorCode.RESOURCE_TIMEOUT, entry.getKey() + " is busy with another"
                            + " operation (waited " + timeout.toMillis() + " ms); try again when it has finished");
                }
                releases.add(() -> lock.unlock(stamp));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releases.forEach(Runnable::run);
            throw BridgeException.of(ErrorCode.RESOURCE_TIMEOUT, "interrupted while waiting for a lock");
        } catch (RuntimeException e) {
            releases.forEach(Runnable::run);
            throw e;
        }
        return new Lease(releases);
    }

    /** Held locks; {@link #close()} releases them once, from any thread. */
    static final class Lease implements AutoCloseable {
        private List<Runnable> releases;

        private Lease(List<Runnable> releases) {
            this.releases = releases;
        }

        @Override
        public synchronized void close() {
            if (releases != null) {
                releases.forEach(Runnable::run);
                releases = null;
            }
        }
    }
}
