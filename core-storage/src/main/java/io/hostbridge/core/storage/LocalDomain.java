package io.hostbridge.core.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One localfs domain: {@code <remotePath>/<uuid>/dom_md/metadata} and
 * {@code <remotePath>/<uuid>/images/<imageID>/<volumeID>} with {@code <volumeID>.meta} beside each volume. The
 * metadata of every volume is also kept in memory (read once at start-up, updated with each write), so listing
 * and counting never scan the disk; the files stay the truth across restarts.
 */
final class LocalDomain {
    static final String META_SUFFIX = ".meta";
    private static final Logger LOG = LoggerFactory.getLogger(LocalDomain.class);

    private final UUID id;
    private final Path remotePath;
    private final Path root;
    private final FileStore store;
    private final Map<UUID, VolumeMetadata> volumes = new ConcurrentHashMap<>();
    private volatile DomainMetadata metadata;

    private LocalDomain(UUID id, Path remotePath, DomainMetadata metadata) throws IOException {
        this.id = id;
        this.remotePath = remotePath;
        this.root = remotePath.resolve(id.toString());
        this.metadata = metadata;
        this.store = Files.getFileStore(root);
    }

    /** Makes the directories and writes the domain metadata. */
    static LocalDomain create(Path remotePath, DomainMetadata metadata) throws IOException {
        Path root = remotePath.resolve(metadata.uuid().toString());
        Files.createDirectory(root);
        Files.createDirectories(root.resolve("images"));
        MetadataFiles.write(root.resolve("dom_md").resolve("metadata"), metadata);
        return new LocalDomain(metadata.uuid(), remotePath, metadata);
    }

    /** Reads the domain metadata and every volume's metadata. */
    static LocalDomain load(UUID id, Path remotePath) throws IOException {
        Path root = remotePath.resolve(id.toString());
        LocalDomain domain = new LocalDomain(id, remotePath,
                MetadataFiles.read(root.resolve("dom_md").resolve("metadata"), DomainMetadata.class));
        try (DirectoryStream<Path> images = Files.newDirectoryStream(root.resolve("images"))) {
            for (Path image : images) {
                try (DirectoryStream<Path> metas = Files.newDirectoryStream(image, "*" + META_SUFFIX)) {
                    for (Path meta : metas) {
                        try {
                            VolumeMetadata volume = MetadataFiles.read(meta, VolumeMetadata.class);
                            domain.volumes.put(volume.uuid(), volume);
                        } catch (IOException e) {
                            LOG.warn("Domain {}: ignoring unreadable volume metadata {}: {}", id, meta, e.getMessage());
                        }
                    }
                }
            }
        }
        return domain;
    }

    UUID id() {
        return id;
    }

    Path remotePath() {
        return remotePath;
    }

    Path root() {
        return root;
    }

    DomainMetadata metadata() {
        return metadata;
    }

    void writeMetadata(DomainMetadata next) throws IOException {
        MetadataFiles.write(root.resolve("dom_md").resolve("metadata"), next);
        metadata = next;
    }

    /**
     * Why the domain cannot be used now, or null when it can: its metadata file is read again from disk and its
     * images directory must be writable (access(2): a read-only file system fails it even for root). The reason
     * names no path; the log has the details.
     */
    String accessProblem() {
        Path file = root.resolve("dom_md").resolve("metadata");
        try {
            DomainMetadata stored = MetadataFiles.read(file, DomainMetadata.class);
            if (!id.equals(stored.uuid())) {
                LOG.warn("Domain {}: metadata file {} names domain {}", id, file, stored.uuid());
                return "its metadata names another domain";
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Domain {}: cannot read metadata file {}: {}", id, file, e.toString());
            return "its metadata cannot be read";
        }
        Path images = root.resolve("images");
        if (!Files.isDirectory(images) || !Files.isWritable(images)) {
            LOG.warn("Domain {}: images directory {} is missing or not writable", id, images);
            return "its images directory is missing or not writable";
        }
        return null;
    }

    /** Bytes the agent may still write on the domain's file system. */
    long freeSpace() throws IOException {
        return store.getUsableSpace();
    }

    long totalSpace() throws IOException {
        return store.getTotalSpace();
    }

    Path imageDir(UUID image) {
        return root.resolve("images").resolve(image.toString());
    }

    Path volumePath(UUID image, UUID volume) {
        return imageDir(image).resolve(volume.toString());
    }

    Path volumePath(VolumeMetadata volume) {
        return volumePath(volume.image(), volume.uuid());
    }

    Optional<VolumeMetadata> volume(UUID volume) {
        return Optional.ofNullable(volumes.get(volume));
    }

    Collection<VolumeMetadata> volumes() {
        return volumes.values();
    }

    List<VolumeMetadata> volumesOf(UUID image) {
        return volumes.values().stream().filter(v -> v.image().equals(image)).toList();
    }

    Set<UUID> images() {
        return volumes.values().stream().map(VolumeMetadata::image).collect(Collectors.toSet());
    }

    /** Volumes backed by {@code volume}, in any image. */
    List<VolumeMetadata> children(UUID volume) {
        return volumes.values().stream().filter(v -> volume.equals(v.parent())).toList();
    }

    /** Writes a volume's metadata file (atomically) and the in-memory copy. */
    void writeVolume(VolumeMetadata volume) throws IOException {
        MetadataFiles.write(metaPath(volume), volume);
        volumes.put(volume.uuid(), volume);
    }

    /** Removes a volume's file, then its metadata, then its image directory if that is now empty. */
    void removeVolume(VolumeMetadata volume) throws IOException {
        Files.deleteIfExists(volumePath(volume));
        Files.deleteIfExists(metaPath(volume));
        volumes.remove(volume.uuid());
        try {
            Files.deleteIfExists(imageDir(volume.image()));
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // other volumes of the image remain
        } catch (NoSuchFileException e) {
            // gone already
        }
    }

    /**
     * Reads a volume's metadata file again into memory; false (and the volume forgotten) when the file is gone. A
     * file naming another volume is refused.
     */
    boolean reload(UUID image, UUID volume) throws IOException {
        Path meta = imageDir(image).resolve(volume + META_SUFFIX);
        if (!Files.exists(meta)) {
            volumes.remove(volume);
            return false;
        }
        VolumeMetadata read = MetadataFiles.read(meta, VolumeMetadata.class);
        if (!volume.equals(read.uuid()) || !image.equals(read.image())) {
            throw new IOException("metadata file " + meta + " names volume " + read.uuid() + " of image " + read.image());
        }
        volumes.put(volume, read);
        return true;
    }

    private Path metaPath(VolumeMetadata volume) {
        return imageDir(volume.image()).resolve(volume.uuid() + META_SUFFIX);
    }
}
