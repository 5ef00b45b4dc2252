package io.hostbridge.trust;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.hostbridge.api.spi.BrokerLogins;
import io.hostbridge.api.spi.BrokerUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Who may use the embedded broker ({@link EmbeddedBrokerUsers}): the broker asks it who logs in, and the bridge what
 * the user stamped on a request may do. Chosen with the embedded broker.
 */
public final class EmbeddedBrokerTrustModule extends AbstractModule {
    private final Path passwordUsers;
    private final boolean insecure;

    /**
     * @param passwordUsers the password users' file ({@code broker.users}), or null for none
     * @param insecure      whether the plain loopback listener's anonymous clients are admin ({@code amqp.insecure})
     */
    public EmbeddedBrokerTrustModule(Path passwordUsers, boolean insecure) {
        this.passwordUsers = passwordUsers;
        this.insecure = insecure;
    }

    @Override
    protected void configure() {
        bind(BrokerLogins.class).to(EmbeddedBrokerUsers.class);
        OptionalBinder.newOptionalBinder(binder(), BrokerUsers.class).setBinding().to(EmbeddedBrokerUsers.class);
    }

    @Provides
    @Singleton
    EmbeddedBrokerUsers users(HostPki pki) {
        try {
            return EmbeddedBrokerUsers.open(pki, passwordUsers, insecure);
        } catch (IOException e) {
            throw new UncheckedIOException("broker.users: " + e.getMessage(), e);
        }
    }
}
