package io.hostbridge.bridge.internal;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallContext;
import io.hostbridge.bridge.CallStage;
import io.hostbridge.bridge.ErrorIds;
import io.hostbridge.bridge.OpenCall;
import io.hostbridge.bridge.Transport;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** The ordered stages every call passes: {@link #open} runs their way in, the returned call their way out. */
final class Pipeline {
    private final List<CallStage> stages;

    Pipeline(List<CallStage> stages) {
        this.stages = List.copyOf(stages);
    }

    /**
     * Runs every stage's way in.
     *
     * @throws RuntimeException what to report when a stage refused the call (after the stages already entered
     *                          have run their way out)
     */
    OpenCall open(Transport transport, String operation, String metricName, AccessLevel required) {
        Call call = new Call(transport, operation, metricName, required, System.nanoTime());
        int entered = 0;
        try {
            for (CallStage stage : stages) {
                stage.enter(call);
                entered++;
            }
        } catch (RuntimeException | Error e) {
            throw unwind(call, entered, e);
        }
        return new Open(call, entered);
    }

    /** Runs {@code work} as one call, with the call's context. */
    <T> T run(Transport transport, String operation, String metricName, AccessLevel required,
              Function<CallContext, T> work) {
        OpenCall call = open(transport, operation, metricName, required);
        T result;
        try {
            result = work.apply(call.context());
        } catch (RuntimeException | Error e) {
            throw call.failed(e);
        }
        call.succeeded();
        return result;
    }

    private RuntimeException unwind(Call call, int entered, Throwable failure) {
        Throwable f = failure;
        for (int i = entered - 1; i >= 0; i--) {
            f = stages.get(i).exit(call, f);
        }
        // the error-id stage has made it safe to report; this covers a failure before that stage
        return ErrorIds.resolve(f, call.operation() + " (" + call.transport().binding() + ")");
    }

    private final class Open implements OpenCall {
        private final Call call;
        private final int entered;
        private final AtomicBoolean ended = new AtomicBoolean();

        Open(Call call, int entered) {
            this.call = call;
            this.entered = entered;
        }

        @Override
        public CallContext context() {
            return call.context();
        }

        @Override
        public void succeeded() {
            if (ended.compareAndSet(false, true)) {
                for (int i = entered - 1; i >= 0; i--) {
                    stages.get(i).exit(call, null);
                }
            }
        }

        @Override
        public RuntimeException failed(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                throw new IllegalStateException("call " + call.operation() + " ended twice", failure);
            }
            return unwind(call, entered, failure);
        }
    }
}
