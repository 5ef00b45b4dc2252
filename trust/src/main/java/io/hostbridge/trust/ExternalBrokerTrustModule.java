package io.hostbridge.trust;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.hostbridge.api.spi.BrokerUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * What the users of an external broker may do, by the names it stamps on their requests ({@link MappedBrokerUsers},
 * the file {@code amqp.userAccess}). Chosen with the AMQP agent on an external broker.
 */
public final class ExternalBrokerTrustModule extends AbstractModule {
    private final Path userAccess;

    /** @param userAccess the file of {@code <level> <user>} lines, or null: then no broker user may do anything */
    public ExternalBrokerTrustModule(Path userAccess) {
        this.userAccess = userAccess;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), BrokerUsers.class).setBinding().to(MappedBrokerUsers.class);
    }

    @Provides
    @Singleton
    MappedBrokerUsers users() {
        try {
            return new MappedBrokerUsers(userAccess, System::nanoTime);
        } catch (IOException e) {
            throw new UncheckedIOException("amqp.userAccess: " + e.getMessage(), e);
        }
    }
}
