package io.hostbridge.core.spi;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * What other parts of the core (VM disks, image transfers) need to know about volumes, without depending on
 * how storage keeps them. Implemented by the storage part of the core.
 */
public interface VolumeCatalog {

    /**
     * The volume with these ids, ready to be used: it exists and is legal.
     *
     * @throws io.hostbridge.api.BridgeException with the storage error code for an unknown domain (358), an
     *                                          inactive one (369), an unknown image (268) or volume (201), or an
     *                                          illegal volume (227)
     */
    Volume resolve(UUID domainId, UUID imageId, UUID volumeId);

    /**
     * The volume whose file is {@code path} (absolute, symlinks resolved), when it is a LEGAL volume of an active
     * domain; empty for anything else inside or outside a domain (metadata files, lease files, directories,
     * illegal volumes). What a caller's path may open is decided by this, not by lying inside a domain.
     */
    Optional<Volume> volumeAt(Path path);

    /**
     * Records that the volume's guest-visible size grew to {@code capacity} bytes, as a running VM's QEMU resized its
     * file (VM.diskSizeExtend); never shrinks the recorded size.
     *
     * @throws io.hostbridge.api.BridgeException 358, 369, 268, 201 as {@link #resolve}
     */
    void capacityGrown(UUID domainId, UUID imageId, UUID volumeId, long capacity);

    /**
     * Records that a running VM's QEMU merged {@code topId} into its parent {@code baseId} (a live commit of an
     * internal volume): {@code childId}, which was backed by the top, is backed by the base now; the base's size is
     * at least the top's; the top is ILLEGAL, out of the chain, for the caller to delete.
     *
     * @throws io.hostbridge.api.BridgeException 358, 369, 201 as {@link #resolve}
     */
    void mergedOut(UUID domainId, UUID imageId, UUID childId, UUID baseId, UUID topId);

    /**
     * Takes a volume to overwrite its guest-visible data from outside the agent (a stream upload). Under the
     * volume's lock: it must exist (LEGAL, or ILLEGAL after a write that did not finish, so that a failed upload can
     * be retried), back no other volume and be unused (every {@link VolumeUsers} is asked); then {@code claim} runs,
     * still under the lock, so that the writer is a user of the volume before anyone else can look; then the volume
     * is marked ILLEGAL, which a crash leaves as it is.
     *
     * @param claim registers the writer as the volume's user; may throw to refuse
     * @throws io.hostbridge.api.BridgeException 358, 369, 268, 201 as {@link #resolve}; 203 when in use; 204 when
     *                                          it backs another volume
     */
    WriteHold beginWrite(UUID domainId, UUID imageId, UUID volumeId, java.util.function.Consumer<Volume> claim);

    /** A volume being overwritten (see {@link #beginWrite}): ILLEGAL until {@link #complete}. */
    interface WriteHold {
        Volume volume();

        /**
         * The new data is complete and durable: marks the volume LEGAL.
         *
         * @throws io.hostbridge.api.BridgeException 201 when the volume is gone meanwhile
         */
        void complete();

        /**
         * Nothing was written after all (the writer never started, or stopped before its first byte): the volume
         * gets back the legality it had before {@link #beginWrite}. Nothing when it is gone meanwhile.
         */
        void untouched();
    }

    /** On-disk format of a volume. */
    enum Format {
        RAW("raw"),
        QCOW2("qcow2");

        private final String qemuName;

        Format(String qemuName) {
            this.qemuName = qemuName;
        }

        /** The name qemu and libvirt use ({@code raw}, {@code qcow2}). */
        public String qemuName() {
            return qemuName;
        }
    }

    /**
     * A resolved volume.
     *
     * @param path     the volume's file
     * @param format   its format
     * @param capacity guest-visible size in bytes
     * @param parentId the volume it is backed by (a snapshot's base), or null for a base volume
     */
    /**
     * The volume's file size and the space it occupies on disk, now (as {@code Volume.getSize} reports them).
     *
     * @throws io.hostbridge.api.BridgeException when the file cannot be read
     */
    io.hostbridge.api.storage.VolumeSize sizes(Volume volume);

    record Volume(UUID domainId, UUID imageId, UUID volumeId, Path path, Format format, long capacity,
                  UUID parentId) {
    }
}
