package io.hostbridge.bridge;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import java.util.UUID;

final class SampleService implements SampleApi {
    volatile Object lastAny;

    @Override
    public Machine create(UUID vmID, Machine vmParams) {
        return vmParams;
    }

    @Override
    public long add(int a, long b) {
        return a + b;
    }

    @Override
    public void nothing() {
    }

    @Override
    public String fail(String how) {
        if (how.equals("expected")) {
            throw BridgeException.of(ErrorCode.EXIST, "it exists");
        }
        throw new IllegalStateException("secret internal detail /var/lib/x");
    }

    @Override
    public Object any(Object value, Boolean flag, Double ratio, String password) {
        lastAny = value;
        return value;
    }
}
