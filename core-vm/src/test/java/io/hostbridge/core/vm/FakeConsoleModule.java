package io.hostbridge.core.vm;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;

/** Binds {@link FakeConsoles} in place of libvirt's consoles, which the test driver lacks. */
final class FakeConsoleModule extends AbstractModule {
    private final FakeConsoles consoles;

    FakeConsoleModule(FakeConsoles consoles) {
        this.consoles = consoles;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), ConsoleOpener.class).setBinding().toInstance(consoles);
    }
}
