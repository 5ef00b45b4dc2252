package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one VM's operations one at a time, in submission order, on a shared pool. A caller of {@link #run} waits
 * a bounded time for its turn; a task it gave up on is withdrawn and never runs, so the caller's error is true.
 */
final class SerialQueue {
    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int WITHDRAWN = 2;

    private final Executor pool;
    private final String owner;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /** @param owner whose operations these are, for messages ("VM 3f0c…") */
    SerialQueue(Executor pool, String owner) {
        this.pool = pool;
        this.owner = owner;
    }

    /** Queues {@code task}; it runs in its turn whatever happens to the returned future. */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        return enqueue(task, null);
    }

    /**
     * Runs {@code task} in turn and waits for it; its exception is rethrown as it was. {@code queueWait} bounds the
     * wait for the turn, not the work: when it ends before the task started, the task is withdrawn (it never runs)
     * and the caller gets code 851; a task that started is waited for until it ends.
     */
    <T> T run(Callable<T> task, Duration queueWait) {
        AtomicInteger state = new AtomicInteger(WAITING);
        CompletableFuture<T> done = enqueue(task, state);
        try {
            return outcome(() -> done.get(queueWait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            if (state.compareAndSet(WAITING, WITHDRAWN)) {
                throw BridgeException.of(ErrorCode.RESOURCE_TIMEOUT, owner + ": other operations on it kept this one"
                        + " waiting longer than " + VmTimeouts.words(queueWait) + "; it was withdrawn and did not run;"
                        + " try again later");
            }
            try {
                return outcome(done::get); // it started meanwhile: its outcome is the answer
            } catch (TimeoutException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    private synchronized <T> CompletableFuture<T> enqueue(Callable<T> task, AtomicInteger state) {
        CompletableFuture<T> next = tail.handle((r, e) -> null).thenApplyAsync(ignored -> {
            if (state != null && !state.compareAndSet(WAITING, STARTED)) {
                throw new CancellationException("withdrawn: its caller stopped waiting");
            }
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
        tail = next;
        return next;
    }

    private interface Get<T> {
        T get() throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** The task's result, or its exception as it was. */
    private static <T> T outcome(Get<T> get) throws TimeoutException {
        try {
            return get.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a VM operation", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
