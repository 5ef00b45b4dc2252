package io.hostbridge.http;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.spi.PeerAgents;

/**
 * Installs the shared HTTP listener (TCP and the unix socket); bindings add their {@link HttpRoute}s and
 * {@link WebSocketEndpoint}s to the sets.
 */
public final class HttpModule extends AbstractModule {
    private final HttpSettings settings;

    public HttpModule(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(HttpSettings.class).toInstance(settings);
        Multibinder.newSetBinder(binder(), HttpRoute.class);
        Multibinder.newSetBinder(binder(), SharedPortProtocol.class);
        Multibinder.newSetBinder(binder(), WebSocketEndpoint.class);
        // the trust module binds it; without it only http.insecure on loopback can listen
        OptionalBinder.newOptionalBinder(binder(), HostTls.class);
        bind(HttpListener.class);
        // other agents are called as this one is called: TLS with the host certificate, or plain when insecure
        OptionalBinder.newOptionalBinder(binder(), PeerAgents.class).setBinding().to(HttpPeerAgents.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(HttpListener.class);
    }
}
