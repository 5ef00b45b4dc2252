package io.hostbridge.bridge.model;

import java.lang.invoke.MethodHandle;

/**
 * A method handle adapted on first use. Spreading an argument array over a method's parameters and erasing its type
 * ({@code asSpreader}, {@code asType}) makes the JVM generate a class for each new shape of parameters: done eagerly
 * for every record and verb of the API, that was some 700 classes generated, loaded and compiled at every start, while
 * a running agent uses a fraction of them. Made twice at worst, by two threads at once: both are the same handle.
 */
public final class LazyHandle {
    /** Makes the handle; called once, or twice by racing threads. */
    @FunctionalInterface
    public interface Maker {
        MethodHandle make();
    }

    private final Maker maker;
    private volatile MethodHandle handle;

    public LazyHandle(Maker maker) {
        this.maker = maker;
    }

    /** The handle, made now when this is its first use. */
    public MethodHandle get() {
        MethodHandle h = handle;
        if (h == null) {
            h = maker.make();
            handle = h;
        }
        return h;
    }
}
