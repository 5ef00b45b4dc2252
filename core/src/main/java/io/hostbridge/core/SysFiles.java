package io.hostbridge.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads one-value files under /proc and /sys, where absence and unreadability are ordinary. */
public final class SysFiles {

    private SysFiles() {
    }

    /** The stripped content, or empty when the file is missing, unreadable or blank. */
    public static Optional<String> value(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
