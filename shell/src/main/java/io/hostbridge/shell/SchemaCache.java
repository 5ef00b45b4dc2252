package io.hostbridge.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.client.HostbridgeClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The agent's schema, fetched once and kept under {@code $XDG_CACHE_HOME/hbsh} (or {@code ~/.cache/hbsh}) per agent
 * for an hour, so that a command does not wait for it. A command naming a verb the cached copy lacks fetches it again.
 */
final class SchemaCache {
    private static final Duration FRESH = Duration.ofHours(1);

    private final HostbridgeClient client;
    private final Path file;

    SchemaCache(HostbridgeClient client, String target) {
        this.client = client;
        this.file = directory().resolve(digest(target) + ".json");
    }

    private static Path directory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
                .resolve("hbsh");
    }

    JsonNode load(boolean refresh) {
        if (!refresh) {
            try {
                if (Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(FRESH))) {
                    return Values.JSON.readTree(file.toFile());
                }
            } catch (IOException e) {
                // no usable copy: fetch it
            }
        }
        JsonNode schema = Values.JSON.valueToTree(client.schema());
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), "schema", ".part");
            Files.writeString(partial, schema.toString(), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // no cache this time; the schema is still good
        }
        return schema;
    }

    /** False when the command line names a namespace verb ({@code VM create}) the schema does not have. */
    boolean knows(JsonNode schema, List<String> words) {
        if (words.size() < 2 || words.get(0).isEmpty() || !Character.isUpperCase(words.get(0).charAt(0))
                || words.get(1).startsWith("-")) {
            return true;
        }
        return schema.path("verbs").has(words.get(0) + "." + words.get(1));
    }

    private static String digest(String target) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
