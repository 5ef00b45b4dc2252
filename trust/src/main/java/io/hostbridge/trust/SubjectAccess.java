package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.file.Path;
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
                : Optional.of(new WatchedFile<>(path, bytes -> AccessLines.parse(bytes, path, "subject DN",
                        dn -> new X500Principal(dn).getName(X500Principal.CANONICAL)), Map.of(), clock));
    }

    /** The configured level of {@code subject}, if any. */
    Optional<AccessLevel> of(X500Principal subject) {
        return file.map(f -> f.get().get(subject.getName(X500Principal.CANONICAL)));
    }
}
