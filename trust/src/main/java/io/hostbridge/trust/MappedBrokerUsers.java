package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.BrokerUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

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
                : Optional.of(new WatchedFile<>(path, bytes -> parse(bytes, path), Map.of(), clock));
    }

    @Override
    public Optional<AccessLevel> access(String name) {
        return file.map(f -> f.get().get(name));
    }

    private static Map<String, AccessLevel> parse(byte[] bytes, Path path) throws IOException {
        Map<String, AccessLevel> map = new HashMap<>();
        int n = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] parts = s.split("\\s+", 2);
            try {
                if (parts.length < 2) {
                    throw new IllegalArgumentException();
                }
                map.put(parts[1], AccessLevel.valueOf(parts[0].toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + " line " + n + ": expected '<none|read|write|admin> <user name>'");
            }
        }
        return Map.copyOf(map);
    }
}
