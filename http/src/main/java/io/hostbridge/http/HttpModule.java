package io.hostbridge.http;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.hostbridge.api.spi.Lifecycle;

/** Installs the shared HTTP listener; bindings add their {@link HttpRoute}s to the set. */
public final class HttpModule extends AbstractModule {
    private final HttpSettings settings;

    public HttpModule(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(HttpSettings.class).toInstance(settings);
        Multibinder.newSetBinder(binder(), HttpRoute.class);
        bind(HttpListener.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(HttpListener.class);
    }
}
