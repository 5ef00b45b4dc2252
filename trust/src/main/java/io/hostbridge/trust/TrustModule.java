package io.hostbridge.trust;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.hostbridge.api.spi.BrokerUsers;
import io.hostbridge.api.spi.HostTls;
import io.hostbridge.bridge.Authenticator;
import io.hostbridge.bridge.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Trust: the host's PKI (its own, created on first start, or an existing one) as the {@link HostTls} every TLS
 * endpoint uses, and {@link Callers} as the bridge's {@link Authenticator}, replacing the default that trusts
 * everyone.
 */
public final class TrustModule extends AbstractModule {
    private final TrustSettings settings;

    public TrustModule(TrustSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(TrustSettings.class).toInstance(settings);
        bind(HostTls.class).to(HostPki.class);
        OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setBinding().to(Callers.class);
        OptionalBinder.newOptionalBinder(binder(), BrokerUsers.class);
    }

    @Provides
    @Singleton
    HostPki pki() {
        try {
            return HostPki.open(settings.pki());
        } catch (IOException e) {
            throw new UncheckedIOException("TLS: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    Callers callers(HostPki pki, Optional<BrokerUsers> brokerUsers) {
        try {
            LocalUsers users = new LocalUsers(Path.of("/etc/passwd"), Path.of("/etc/group"), System::nanoTime);
            return new Callers(pki, users, settings.unix(),
                    name -> brokerUsers.flatMap(b -> b.access(name)).map(level -> new Caller(name, level)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local users: " + e.getMessage(), e);
        }
    }
}
