package io.hostbridge.core.vm;

import io.hostbridge.bridge.ErrorIds;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work the agent does for a VM with no caller waiting for it: the launch, a delayed shutdown, the end of a
 * shutdown's grace time. Nobody else would hear of its failure, so a failure is logged here under an error id and
 * handed, in the same turn of the VM's queue, to a handler that leaves the VM in a status that tells the truth.
 */
@Singleton
final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final VmThreads threads;

    @Inject
    Background(VmThreads threads) {
        this.threads = threads;
    }

    /**
     * Runs {@code task} in the VM's turn. When it fails, {@code onFailure} gets the error id the failure was logged
     * under (for a caller-safe message) and runs before the VM's next operation.
     */
    void submit(Vm vm, String what, Callable<?> task, Consumer<String> onFailure) {
        vm.queue().submit(() -> {
            try {
                return task.call();
            } catch (VirtualMachineError e) {
                throw e; // the JVM itself is failing: no attempt to repair, only the log below
            } catch (Throwable e) {
                onFailure.accept(ErrorIds.record("VM " + vm.id() + ": " + what, e));
                return null;
            }
        }).whenComplete((ignored, e) -> {
            if (e != null) { // the handler failed too, the JVM is failing, or the pool stopped before the task ran
                LOG.error("VM {}: {} failed and its status could not be put right", vm.id(), what, e);
            }
        });
    }

    /** {@link #submit} after {@code delaySeconds}. */
    void later(Vm vm, long delaySeconds, String what, Callable<?> task, Consumer<String> onFailure) {
        threads.scheduler().schedule(() -> submit(vm, what, task, onFailure), delaySeconds, TimeUnit.SECONDS);
    }
}
