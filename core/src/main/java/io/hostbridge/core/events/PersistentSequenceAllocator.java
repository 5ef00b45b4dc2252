package io.hostbridge.core.events;

import io.hostbridge.core.StateFiles;
import io.hostbridge.events.SequenceAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Event numbers that keep increasing across restarts. The file holds a reservation: the highest number this
 * or an earlier run may have used. A run starts after the stored reservation and reserves a block ahead,
 * writing the file only when a block is used up, so publishing rarely touches the disk. A crash loses at
 * most the unused rest of a block: numbers then skip, never repeat.
 *
 * <p>Not thread-safe: the bus calls it under its publication lock.
 */
public final class PersistentSequenceAllocator implements SequenceAllocator {

    /** Name of the reservation file in the state directory. */
    public static final String FILE_NAME = "event-seq";
    public static final long DEFAULT_BLOCK = 10_000;

    private final Path file;
    private final long block;
    private long last;
    private long reserved;

    /** Reads the reservation in {@code stateDir}; numbering starts after it (after 0 on a first start). */
    public PersistentSequenceAllocator(Path stateDir) {
        this(stateDir, DEFAULT_BLOCK);
    }

    public PersistentSequenceAllocator(Path stateDir, long block) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be at least 1, got " + block);
        }
        this.file = stateDir.resolve(FILE_NAME);
        this.block = block;
        this.last = readReservation(file);
        this.reserved = last;
    }

    @Override
    public long next() {
        if (last == reserved) {
            long upTo = Math.addExact(reserved, block);
            try {
                StateFiles.writeAtomically(file, Long.toString(upTo) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reserve event sequence numbers in " + file, e);
            }
            reserved = upTo;
        }
        return ++last;
    }

    @Override
    public long last() {
        return last;
    }

    private static long readReservation(Path file) {
        String text;
        try {
            text = StateFiles.read(file).orElse("0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event sequence reservation " + file, e);
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("The event sequence file " + file + " is corrupt: expected a"
                + " non-negative number, found '" + abbreviate(text) + "'. Restore it, or remove it to restart the"
                + " numbering (subscribers then resync).");
    }

    private static String abbreviate(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
