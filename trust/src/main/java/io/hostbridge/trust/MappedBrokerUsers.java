package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.BrokerUsers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The users of an external broker, whom the agent knows only by the name the broker stamps on their requests: a
 * file of {@code <none|read|write|admin> <user name>} lines ({@code #} comments; the name is the rest of the line, so
 * a certificate subject with spaces works), read again when it changes. Anyone not listed may do nothing.
 */
final class MappedBrokerUsers implements BrokerUsers {
    private final Optional<WatchedFile<Map<String, AccessLevel>>> file;

    /** @param path the file, or null: then no broker user may do anything */
    MappedBrokerUsers(Path path, LongSupplier clock) throws IOException {
        this.file = path == null ? Optional.empty()
                : Optional.of(new WatchedFile<>(path, bytes -> AccessLines.parse(bytes, path, "user name",
                        UnaryOperator.identity()), Map.of(), clock));
    }

    @Override
    public Optional<AccessLevel> access(String name) {
        return file.map(f -> f.get().get(name));
    }
}
