package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.VolumeDataApi;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamInput;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.transfer.QcowBackends;
import io.hostbridge.core.transfer.TransferSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume.upload and Volume.download: a volume's guest-visible bytes through a data stream, on the same backends
 * as the data server (a raw file in place, qcow2 through qemu-nbd). While a stream runs its volume is in use
 * ({@link #userOf}), so storage refuses to delete or overwrite it; an upload keeps the volume ILLEGAL until the
 * caller's OK, when the data is flushed and the volume is still the one the upload began on.
 */
@Singleton
public final class VolumeStreams implements VolumeDataApi {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeStreams.class);
    /** How far one extents query looks ahead. */
    private static final long EXTENTS_WINDOW = 1L << 30;
    /** How often an upload checks that its volume's file is still there. */
    private static final long CHECK_NANOS = 1_000_000_000L;

    private final Optional<VolumeCatalog> catalog;
    private final ImageBackends backends;
    /** Volume files with streams on them: -1 for an upload, else the number of downloads. */
    private final Map<Path, Integer> users = new ConcurrentHashMap<>();

    @Inject
    public VolumeStreams(Optional<VolumeCatalog> catalog, TransferSettings settings, Optional<QcowBackends> qcow) {
        this.catalog = catalog;
        this.backends = new ImageBackends(settings, qcow);
    }

    /** Who streams the volume file at {@code path}, in words, or empty. */
    Optional<String> userOf(Path path) {
        Integer streams = users.get(path);
        return streams == null ? Optional.empty()
                : Optional.of(streams < 0 ? "an upload stream" : streams + " download stream(s)");
    }

    @Override
    public StreamHandler upload(UUID storagedomainID, UUID imageID, UUID volumeID, long offset, Long size) {
        Path[] claimed = new Path[1];
        VolumeCatalog.WriteHold hold;
        try {
            hold = catalog().beginWrite(storagedomainID, imageID, volumeID, volume -> {
                if (users.putIfAbsent(volume.path(), -1) != null) {
                    throw BridgeException.of(ErrorCode.VOLUME_IS_BUSY, "Volume " + volumeID + " is in use by"
                            + " another stream");
                }
                claimed[0] = volume.path();
            });
        } catch (RuntimeException e) {
            if (claimed[0] != null) {
                users.remove(claimed[0]);
            }
            throw e;
        }
        Path path = hold.volume().path();
        ImageBackend backend = null;
        try {
            Object fileKey = fileKey(path);
            backend = backends.open(path, hold.volume().format(), true);
            long length = range(offset, size, backend.size());
            LOG.info("upload into volume {} (domain {}): {} bytes from {}", volumeID, storagedomainID, length, offset);
            return new Upload(hold, backend, path, fileKey, offset, length, size != null);
        } catch (IOException | RuntimeException e) {
            close(path, backend);
            throw e instanceof IOException io ? BridgeException.failure(ErrorCode.GENERAL, "Cannot open volume "
                    + volumeID + " for writing", io) : (RuntimeException) e;
        }
    }

    @Override
    public StreamHandler download(UUID storagedomainID, UUID imageID, UUID volumeID, long offset, Long size) {
        VolumeCatalog.Volume volume = catalog().resolve(storagedomainID, imageID, volumeID);
        Path path = volume.path();
        // several downloads of one volume may run together (it is LEGAL, so no upload runs on it)
        users.merge(path, 1, Integer::sum);
        ImageBackend backend = null;
        try {
            backend = backends.open(path, volume.format(), false);
            long length = range(offset, size, backend.size());
            return new Download(backend, path, offset, length);
        } catch (IOException | RuntimeException e) {
            release(path, backend);
            throw e instanceof IOException io ? BridgeException.failure(ErrorCode.GENERAL, "Cannot open volume "
                    + volumeID + " for reading", io) : (RuntimeException) e;
        }
    }

    private VolumeCatalog catalog() {
        return catalog.orElseThrow(() -> BridgeException.of(ErrorCode.UNAVAILABLE,
                "No storage is set up on this host: volume streams need a storage domain"));
    }

    /** The bytes a stream covers from {@code offset}: {@code size}, or up to the capacity. */
    private static long range(long offset, Long size, long capacity) {
        if (offset > capacity) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "offset", "Invalid parameter 'offset': "
                    + offset + " is beyond the volume's capacity (" + capacity + " bytes)");
        }
        if (size == null) {
            return capacity - offset;
        }
        if (size > capacity - offset) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "size", "Invalid parameter 'size': "
                    + size + " bytes from offset " + offset + " go beyond the volume's capacity (" + capacity
                    + " bytes)");
        }
        return size;
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    private void close(Path path, ImageBackend backend) {
        users.remove(path);
        if (backend != null) {
            backend.close();
        }
    }

    /** Ends one download of the file: the last one frees it. */
    private void release(Path path, ImageBackend backend) {
        users.computeIfPresent(path, (p, now) -> now > 1 ? now - 1 : null);
        if (backend != null) {
            backend.close();
        }
    }

    /** Writes the caller's packets in order, then flushes and marks the volume LEGAL. */
    private final class Upload implements StreamHandler {
        private final VolumeCatalog.WriteHold hold;
        private final ImageBackend backend;
        private final Path path;
        private final Object fileKey;
        private final long start;
        private final long end;
        private final boolean exact;
        /** A byte of the volume was (or may have been) written: a failure leaves it ILLEGAL from here on. */
        private boolean wrote;

        Upload(VolumeCatalog.WriteHold hold, ImageBackend backend, Path path, Object fileKey, long start,
               long length, boolean exact) {
            this.hold = hold;
            this.backend = backend;
            this.path = path;
            this.fileKey = fileKey;
            this.start = start;
            this.end = start + length;
            this.exact = exact;
        }

        @Override
        public void run(StreamChannel channel) throws Exception {
            try {
                long position = start;
                long checked = System.nanoTime();
                while (true) {
                    StreamInput input = channel.receive();
                    if (input.isEnd()) {
                        break;
                    }
                    if (input.length() > end - position) {
                        throw BridgeException.of(ErrorCode.INVALID_PARAMETER, "The stream's data goes beyond "
                                + (exact ? "the size given (" + (end - start) + " bytes)" : "the volume's capacity")
                                + ": " + (position - start + input.length()) + " bytes");
                    }
                    wrote = true;
                    if (input.isData()) {
                        backend.write(position, input.data());
                    } else {
                        backend.zero(position, input.length(), true);
                    }
                    position += input.length();
                    if (System.nanoTime() - checked > CHECK_NANOS) {
                        requireSameFile();
                        checked = System.nanoTime();
                    }
                }
                if (exact && position != end) {
                    throw BridgeException.of(ErrorCode.INVALID_PARAMETER, "The stream ended after "
                            + (position - start) + " bytes; size said " + (end - start));
                }
                backend.flush();
                requireSameFile();
                hold.complete();
                LOG.info("upload into volume {} done: {} bytes from {}; the volume is LEGAL", hold.volume().volumeId(),
                        position - start, start);
            } catch (Exception e) {
                if (!wrote) {
                    untouched("ended before its first byte");
                }
                throw e;
            } finally {
                close(path, backend);
            }
        }

        /** Nothing was written: the volume is as it was, legality included. */
        private void untouched(String how) {
            try {
                hold.untouched();
                LOG.info("upload into volume {} {}; the volume is as it was", hold.volume().volumeId(), how);
            } catch (RuntimeException e) {
                LOG.info("upload into volume {} {}; its legality stays ILLEGAL: {}", hold.volume().volumeId(), how,
                        e.getMessage());
            }
        }

        /** The volume's file is still the one the upload opened (nobody removed or replaced it). */
        private void requireSameFile() throws IOException {
            Object now;
            try {
                now = fileKey(path);
            } catch (NoSuchFileException e) {
                now = null;
            }
            if (!fileKey.equals(now)) {
                throw BridgeException.of(ErrorCode.VOLUME_DOES_NOT_EXIST, "Volume " + hold.volume().volumeId()
                        + " was removed during the upload");
            }
        }

        @Override
        public void discard() {
            try {
                untouched("never started");
            } finally {
                close(path, backend);
            }
        }
    }

    /** Sends the range's data, zero extents as holes. */
    private final class Download implements StreamHandler {
        private final ImageBackend backend;
        private final Path path;
        private final long start;
        private final long end;

        Download(ImageBackend backend, Path path, long start, long length) {
            this.backend = backend;
            this.path = path;
            this.start = start;
            this.end = start + length;
        }

        @Override
        public void run(StreamChannel channel) throws Exception {
            try {
                long position = start;
                while (position < end) {
                    long window = Math.min(EXTENTS_WINDOW, end - position);
                    for (TransferExtent extent : backend.extents(position, window)) {
                        long extentEnd = Math.min(extent.start() + extent.length(), position + window);
                        long from = Math.max(extent.start(), position);
                        if (extent.zero()) {
                            if (extentEnd > from) {
                                channel.sendHole(extentEnd - from);
                            }
                        } else {
                            sendData(channel, from, extentEnd);
                        }
                    }
                    position += window;
                }
            } finally {
                release(path, backend);
            }
        }

        private void sendData(StreamChannel channel, long from, long to) throws Exception {
            long position = from;
            while (position < to) {
                // a fresh buffer each time: the stream owns what it is given
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(StreamChannel.MAX_PACKET, to - position));
                int read = backend.read(position, buffer);
                if (read <= 0) {
                    throw BridgeException.of(ErrorCode.GENERAL, "The volume ended before its capacity");
                }
                buffer.flip();
                channel.send(buffer);
                position += read;
            }
        }

        @Override
        public void discard() {
            release(path, backend);
        }
    }
}
