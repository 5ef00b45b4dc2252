package io.hostbridge.core.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.StateFiles;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domains this host knows: {@code <stateDir>/storage/domains.json} maps each domain id to its directory, so the
 * domains are found again after a restart; each domain's own metadata lives with it. A domain whose directory
 * cannot be read at start-up is logged and left out, and kept in the registry for the next start.
 */
@Singleton
final class DomainRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DomainRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<UUID, Path> registered = new TreeMap<>();
    private final Map<UUID, LocalDomain> domains = new ConcurrentHashMap<>();

    @Inject
    DomainRegistry(CoreSettings settings) {
        this.file = settings.stateDir().resolve("storage").resolve("domains.json");
        try {
            Optional<String> text = StateFiles.read(file);
            if (text.isPresent()) {
                Map<String, String> entries = JSON.readValue(text.get(), new TypeReference<Map<String, String>>() {
                });
                entries.forEach((id, path) -> registered.put(UUID.fromString(id), Path.of(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the storage domain registry", e);
        }
        registered.forEach((id, path) -> {
            try {
                domains.put(id, LocalDomain.load(id, path));
            } catch (IOException | RuntimeException e) {
                LOG.error("Storage domain {} at {} cannot be read and is left out until the next start: {}", id, path,
                        e.toString());
            }
        });
        LOG.info("{} storage domain(s) known", domains.size());
    }

    /** The domain, or error 358. */
    LocalDomain get(UUID id) {
        LocalDomain domain = domains.get(id);
        if (domain == null) {
            throw StorageErrors.noDomain(id);
        }
        return domain;
    }

    Collection<LocalDomain> all() {
        return domains.values();
    }

    /** True when {@code path} lies inside a known domain's directory. */
    boolean within(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        return domains.values().stream().anyMatch(d -> normalized.startsWith(d.root()));
    }

    /** Registers a domain made in {@code remotePath} (validated: see {@link #checkRemotePath}). */
    synchronized LocalDomain create(Path remotePath, DomainMetadata metadata) {
        UUID id = metadata.uuid();
        if (registered.containsKey(id)) {
            throw BridgeException.of(ErrorCode.STORAGE_DOMAIN_ALREADY_EXISTS, "Storage domain already exists: " + id);
        }
        Path real = checkRemotePath(remotePath);
        if (Files.exists(real.resolve(id.toString()))) {
            throw BridgeException.of(ErrorCode.STORAGE_DOMAIN_ALREADY_EXISTS, "typeArgs already holds a directory"
                    + " named " + id + " (a domain this host does not know?); remove it or use another id");
        }
        LocalDomain domain;
        try {
            domain = LocalDomain.create(real, metadata);
        } catch (IOException e) {
            deleteQuietly(real.resolve(id.toString()));
            if (StorageErrors.isDiskFull(e)) {
                throw BridgeException.of(ErrorCode.NO_SPACE_LEFT_ON_DOMAIN, "No space left to create domain " + id);
            }
            throw BridgeException.of(ErrorCode.STORAGE_DOMAIN_CREATION_ERROR, "Cannot create storage domain " + id
                    + ": " + e.getClass().getSimpleName());
        }
        registered.put(id, real);
        try {
            save();
        } catch (IOException e) {
            registered.remove(id);
            deleteQuietly(domain.root());
            throw new UncheckedIOException("cannot write the storage domain registry", e);
        }
        domains.put(id, domain);
        return domain;
    }

    /** typeArgs: an absolute, existing directory, not inside a known domain. Returns it with symlinks resolved. */
    private Path checkRemotePath(Path remotePath) {
        if (!remotePath.isAbsolute()) {
            throw illegalPath("typeArgs must be an absolute path");
        }
        Path real;
        try {
            real = remotePath.toRealPath();
        } catch (IOException e) {
            throw illegalPath("typeArgs does not exist");
        }
        if (!Files.isDirectory(real)) {
            throw illegalPath("typeArgs is not a directory");
        }
        for (LocalDomain other : domains.values()) {
            if (real.startsWith(other.root())) {
                throw illegalPath("typeArgs lies inside storage domain " + other.id());
            }
        }
        return real;
    }

    private static BridgeException illegalPath(String why) {
        return BridgeException.forParameter(ErrorCode.STORAGE_DOMAIN_ILLEGAL_REMOTE_PATH, "typeArgs", why);
    }

    /** Forgets a domain and removes its directory. */
    synchronized void remove(UUID id) throws IOException {
        LocalDomain domain = get(id);
        registered.remove(id);
        domains.remove(id);
        save();
        deleteTree(domain.root());
    }

    private void save() throws IOException {
        Map<String, String> entries = new TreeMap<>();
        registered.forEach((id, path) -> entries.put(id.toString(), path.toString()));
        StateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entries) + "\n");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException e) {
            LOG.warn("Cannot clean up {}: {}", root, e.getMessage());
        }
    }
}
