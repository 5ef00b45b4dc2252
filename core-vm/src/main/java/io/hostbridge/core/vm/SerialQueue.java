package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one VM's operations one at a time, in submission order, on a shared pool. */
final class SerialQueue {
    private final Executor pool;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    SerialQueue(Executor pool) {
        this.pool = pool;
    }

    synchronized <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> next = tail.handle((r, e) -> null).thenApplyAsync(ignored -> {
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

    /** Runs {@code task} in turn and waits for it; its exception is rethrown as it was. */
    <T> T run(Callable<T> task, long timeoutSeconds) {
        return await(submit(task), timeoutSeconds);
    }

    static <T> T await(CompletableFuture<T> future, long timeoutSeconds) {
        try {
            return future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a VM operation", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a VM operation took longer than " + timeoutSeconds + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof BridgeException b) {
                throw b;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
