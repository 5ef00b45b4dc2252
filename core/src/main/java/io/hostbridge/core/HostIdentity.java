package io.hostbridge.core;

import io.hostbridge.core.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this host is: a UUID chosen on the first start and kept in {@code stateDir/host-id}, so it survives
 * restarts and upgrades. The hardware UUID is preferred, so that reinstalling the agent keeps the id;
 * machines without a believable one get a random UUID.
 */
public final class HostIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(HostIdentity.class);

    /** Name of the file in the state directory. */
    public static final String FILE_NAME = "host-id";

    /** Where the id came from. */
    public enum Source { STORED, HARDWARE, RANDOM }

    private final String hostId;
    private final Source source;

    private HostIdentity(String hostId, Source source) {
        this.hostId = hostId;
        this.source = source;
    }

    /** Reads the id from {@code stateDir}, creating the directory and choosing the id on the first start. */
    public static HostIdentity load(Path stateDir) {
        return load(stateDir, () -> HardwareUuid.read().orElse(null));
    }

    /**
     * As {@link #load(Path)}, with the hardware UUID from {@code hardwareUuid} (asked on a first start only;
     * may return null). A value that is not a believable UUID is ignored and a random UUID chosen instead.
     */
    public static HostIdentity load(Path stateDir, Supplier<String> hardwareUuid) {
        Objects.requireNonNull(stateDir, "stateDir");
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(stateDir);
            Optional<String> stored = StateFiles.read(file);
            if (stored.isPresent()) {
                return new HostIdentity(parse(file, stored.get()), Source.STORED);
            }
            Optional<String> hardware = HardwareUuid.sane(hardwareUuid.get());
            HostIdentity identity = hardware.isPresent()
                    ? new HostIdentity(hardware.get(), Source.HARDWARE)
                    : new HostIdentity(UUID.randomUUID().toString(), Source.RANDOM);
            StateFiles.writeAtomically(file, identity.hostId + "\n");
            LOG.info("New host id {} ({} UUID), stored in {}", identity.hostId,
                    identity.source.name().toLowerCase(Locale.ROOT), file);
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the host id in " + file, e);
        }
    }

    private static String parse(Path file, String text) {
        try {
            UUID uuid = UUID.fromString(text);
            if (uuid.toString().equalsIgnoreCase(text)) {
                return uuid.toString();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        String shown = (text.length() > 40 ? text.substring(0, 40) + "…" : text).replaceAll("\\p{Cntrl}", "?");
        throw new IllegalStateException("The host id file " + file + " is corrupt: expected a UUID, found '" + shown
                + "'. Restore it from a backup; removing it gives this host a new identity.");
    }

    /** The host id, a lower-case UUID. */
    public String hostId() {
        return hostId;
    }

    /** Where the id came from in this run. */
    public Source source() {
        return source;
    }

    @Override
    public String toString() {
        return hostId;
    }
}
