package io.hostbridge.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file read again when it changes, without a restart (revocation lists, access mappings): at most
 * once a second it compares the file's modification time and size, and parses it when they moved. A file that
 * cannot be parsed any more keeps its last good contents and is logged; a file that disappears reads as empty.
 */
final class WatchedFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);
    private static final long CHECK_NANOS = 1_000_000_000L;

    /** Parses the file's bytes; throws {@link IOException} naming what is wrong. */
    interface Parser<T> {
        T parse(byte[] content) throws IOException;
    }

    private final Path file;
    private final Parser<T> parser;
    private final T empty;
    private final LongSupplier clock;
    private volatile T value;
    private volatile long checkedAt;
    private Object stamp;

    /**
     * @throws IOException when the file exists but cannot be read or parsed: a bad setting stops the start, it is
     *                     not ignored
     */
    WatchedFile(Path file, Parser<T> parser, T empty, LongSupplier clock) throws IOException {
        this.file = file;
        this.parser = parser;
        this.empty = empty;
        this.clock = clock;
        this.value = empty;
        this.stamp = stamp();
        if (stamp != null) {
            value = parser.parse(Files.readAllBytes(file));
        }
        this.checkedAt = clock.getAsLong();
    }

    /** The contents, read again first if the file changed (checked at most once a second). */
    T get() {
        long now = clock.getAsLong();
        if (now - checkedAt >= CHECK_NANOS) {
            reload(now);
        }
        return value;
    }

    private synchronized void reload(long now) {
        if (now - checkedAt < CHECK_NANOS) {
            return;
        }
        checkedAt = now;
        try {
            Object current = stamp();
            if (Objects.equals(current, stamp)) {
                return;
            }
            value = current == null ? empty : parser.parse(Files.readAllBytes(file));
            stamp = current;
            LOG.info("{} {}", current == null ? "gone, now empty:" : "read again:", file);
        } catch (IOException e) {
            LOG.warn("{} changed but cannot be read ({}); keeping what it said before", file, e.getMessage());
        }
    }

    /** Modification time and size, or null when the file does not exist. */
    private Object stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
