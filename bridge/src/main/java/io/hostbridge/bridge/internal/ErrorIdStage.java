package io.hostbridge.bridge.internal;

import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallStage;
import io.hostbridge.bridge.ErrorIds;

/** Whatever fails a call leaves it as a code and a caller-safe message; internals go to the log under an id. */
final class ErrorIdStage implements CallStage {

    @Override
    public void enter(Call call) {
        // nothing on the way in
    }

    @Override
    public Throwable exit(Call call, Throwable failure) {
        if (failure == null) {
            return null;
        }
        return ErrorIds.resolve(failure, call.operation() + " (binding " + call.transport().binding() + ", flow "
                + call.flowId() + ", caller " + call.caller().principal() + ")");
    }
}
