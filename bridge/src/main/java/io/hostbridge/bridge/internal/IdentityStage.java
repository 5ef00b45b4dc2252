package io.hostbridge.bridge.internal;

import io.hostbridge.bridge.Authenticator;
import io.hostbridge.bridge.Call;
import io.hostbridge.bridge.CallStage;

/** Who calls, from the transport: asks the {@link Authenticator}, the seam where authentication plugs in. */
final class IdentityStage implements CallStage {
    private final Authenticator authenticator;

    IdentityStage(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void enter(Call call) {
        call.identify(authenticator.authenticate(call.transport()));
    }
}
