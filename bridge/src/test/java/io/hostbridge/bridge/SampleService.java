package io.hostbridge.bridge;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import java.util.UUID;

final class SampleService implements SampleApi {
    volatile Object lastAny;
    final java.util.concurrent.atomic.AtomicInteger creates = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Machine create(UUID vmID, Machine vmParams) {
        creates.incrementAndGet();
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
        if (how.equals("io")) {
            throw BridgeException.failure(ErrorCode.VOLUME_COPY_ERROR, "Copy failed",
                    new java.io.IOException("disk error on /var/lib/secret"));
        }
        throw new IllegalStateException("secret internal detail /var/lib/x");
    }

    @Override
    public int count(java.util.List<String> names) {
        return names.size();
    }

    @Override
    public Object any(Object value, Boolean flag, Double ratio, String password) {
        lastAny = value;
        return value;
    }
}
