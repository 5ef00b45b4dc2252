package io.hostbridge.binding.stomp;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.http.SharedPortProtocol;

/**
 * VDSM's JSON-RPC over STOMP: served on the shared listener's port and unix socket by port unification, and on a
 * STOMP-only listener when configured.
 */
public final class StompModule extends AbstractModule {
    private final StompSettings settings;

    public StompModule(StompSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(StompSettings.class).toInstance(settings);
        bind(StompRuntime.class);
        Multibinder.newSetBinder(binder(), SharedPortProtocol.class).addBinding().to(StompProtocol.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(StompRuntime.class);
    }
}
