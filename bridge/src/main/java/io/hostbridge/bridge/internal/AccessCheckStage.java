package io.hostbridge.bridge.internal;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallStage;
import io.hostbridge.bridge.Caller;

/** Refuses a call above the caller's access level before any of its code runs. */
final class AccessCheckStage implements CallStage {

    @Override
    public void enter(Call call) {
        AccessLevel required = call.required();
        Caller caller = call.caller();
        if (required != null && !caller.access().allows(required)) {
            throw BridgeException.of(ErrorCode.ACCESS_DENIED, call.operation() + " needs " + required.wireName()
                    + " access; " + caller.principal() + " has " + caller.access().wireName());
        }
    }
}
