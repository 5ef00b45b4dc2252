package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.security.auth.x500.X500Principal;

/**
 * Access levels given to certificate subjects by configuration, over what the certificates say: for certificates
 * made by another CA (VDSM's engine certificate carries no level) or to lower or raise one without reissuing it.
 * One mapping a line: {@code <level> <subject DN>}, e.g. {@code admin CN=engine,O=example}; {@code #} comments. Read
 * again when the file changes.
 */
final class SubjectAccess {
    private final Optional<WatchedFile<Map<String, AccessLevel>>> file;

    SubjectAccess(Path path, LongSupplier clock) throws IOException {
        this.file = path == null ? Optional.empty()
                : Optional.of(new WatchedFile<>(path, bytes -> parse(bytes, path), Map.of(), clock));
    }

    /** The configured level of {@code subject}, if any. */
    Optional<AccessLevel> of(X500Principal subject) {
        return file.map(f -> f.get().get(subject.getName(X500Principal.CANONICAL)));
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
                AccessLevel level = AccessLevel.valueOf(parts[0].toUpperCase(Locale.ROOT));
                if (parts.length < 2) {
                    throw new IOException(path + " line " + n + ": a subject DN must follow the level");
                }
                map.put(new X500Principal(parts[1]).getName(X500Principal.CANONICAL), level);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + " line " + n + ": expected '<none|read|write|admin> <subject DN>'");
            }
        }
        return Map.copyOf(map);
    }
}
