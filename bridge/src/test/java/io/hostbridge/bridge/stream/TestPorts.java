package io.hostbridge.bridge.stream;

import java.util.concurrent.atomic.AtomicReference;

/** A binding's offer to carry the streams of one call on its caller's connection: one {@link TestPort}. */
final class TestPorts implements StreamPorts {
    private final TestPort port;
    private final AtomicReference<AttachedStream> attached = new AtomicReference<>();
    private final boolean broken;

    TestPorts() {
        this(false);
    }

    /** @param broken true for a binding that fails to take the stream (its connection just closed) */
    TestPorts(boolean broken) {
        this(new TestPort(), broken);
    }

    /** Carries the stream on {@code port}. */
    TestPorts(TestPort port) {
        this(port, false);
    }

    private TestPorts(TestPort port, boolean broken) {
        this.port = port;
        this.broken = broken;
    }

    @Override
    public StreamPort attach(AttachedStream stream) {
        if (!attached.compareAndSet(null, stream)) {
            throw new AssertionError("attached twice");
        }
        if (broken) {
            throw new IllegalStateException("the connection closed meanwhile");
        }
        return port;
    }

    /** The stream attached here, or null. */
    AttachedStream stream() {
        return attached.get();
    }

    TestPort port() {
        return port;
    }
}
