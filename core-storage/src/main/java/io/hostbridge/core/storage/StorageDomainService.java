package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.DomainClass;
import io.hostbridge.api.storage.DomainStatus;
import io.hostbridge.api.storage.DomainType;
import io.hostbridge.api.storage.HostStorageApi;
import io.hostbridge.api.storage.StorageDomainApi;
import io.hostbridge.api.storage.StorageDomainInfo;
import io.hostbridge.api.storage.StorageDomainDump;
import io.hostbridge.api.storage.StorageDomainStats;
import io.hostbridge.api.storage.StorageDomainVitals;
import io.hostbridge.api.storage.VolumeDump;
import io.hostbridge.api.storage.VolumeRole;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

/** The StorageDomain namespace and Host.getStorageDomains. */
@Singleton
final class StorageDomainService implements StorageDomainApi, HostStorageApi {
    private final Volumes volumes;
    private final DomainRegistry domains;

    @Inject
    StorageDomainService(Volumes volumes) {
        this.volumes = volumes;
        this.domains = volumes.domains;
    }

    @Override
    public void create(UUID storagedomainID, DomainType domainType, String typeArgs, String name,
                       DomainClass domainClass, int version) {
        Path path;
        try {
            path = Path.of(typeArgs);
        } catch (java.nio.file.InvalidPathException e) {
            throw BridgeException.forParameter(ErrorCode.STORAGE_DOMAIN_ILLEGAL_REMOTE_PATH, "typeArgs",
                    "typeArgs is not a valid path");
        }
        domains.create(path, new DomainMetadata(storagedomainID, name, domainType, domainClass, version,
                DomainStatus.ACTIVE, Instant.now().getEpochSecond()));
    }

    @Override
    public StorageDomainInfo getInfo(UUID storagedomainID) {
        LocalDomain domain = domains.get(storagedomainID);
        DomainMetadata md = domain.metadata();
        return new StorageDomainInfo(md.uuid(), md.name(), md.type(), md.domainClass(), domain.remotePath().toString(),
                md.version(), md.status());
    }

    @Override
    public StorageDomainStats getStats(UUID storagedomainID) {
        LocalDomain domain = domains.get(storagedomainID);
        try {
            long total = domain.totalSpace();
            long free = domain.freeSpace();
            Collection<VolumeMetadata> all = domain.volumes();
            int illegal = (int) all.stream().filter(v -> !v.isLegal()).count();
            return new StorageDomainStats(total, free, total - free, domain.images().size(), all.size(), illegal,
                    domain.metadata().status());
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot read the space of domain "
                    + storagedomainID, e);
        }
    }

    @Override
    public List<UUID> getImages(UUID storagedomainID) {
        return domains.get(storagedomainID).images().stream().sorted().toList();
    }

    @Override
    public List<UUID> getVolumes(UUID storagedomainID, UUID imageID, UUID storagepoolID) {
        LocalDomain domain = domains.get(storagedomainID);
        Collection<VolumeMetadata> selected = imageID == null ? domain.volumes() : domain.volumesOf(imageID);
        if (imageID != null && selected.isEmpty()) {
            throw StorageErrors.noImage(storagedomainID, imageID);
        }
        return selected.stream().map(VolumeMetadata::uuid).sorted().toList();
    }

    @Override
    public void activate(UUID storagedomainID, UUID storagepoolID) {
        setStatus(storagedomainID, DomainStatus.ACTIVE);
    }

    @Override
    public void deactivate(UUID storagedomainID, UUID storagepoolID) {
        setStatus(storagedomainID, DomainStatus.INACTIVE);
    }

    private void setStatus(UUID id, DomainStatus status) {
        LocalDomain domain = domains.get(id);
        try (Lease lease = volumes.lock(List.of(), List.of(id))) {
            if (status == DomainStatus.INACTIVE) {
                domain.volumes().forEach(v -> volumes.requireUnused(domain, v));
            }
            if (domain.metadata().status() != status) {
                domain.writeMetadata(domain.metadata().withStatus(status));
            }
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, id, "Cannot change the status of domain " + id, e);
        }
    }

    @Override
    public void format(UUID storagedomainID, boolean autoDetach) {
        LocalDomain domain = domains.get(storagedomainID);
        try (Lease lease = volumes.lock(List.of(), List.of(storagedomainID))) {
            if (!domain.volumes().isEmpty() && !autoDetach) {
                throw BridgeException.of(ErrorCode.STORAGE_DOMAIN_NOT_EMPTY, "Storage domain " + storagedomainID
                        + " holds " + domain.images().size() + " image(s); delete them or pass autoDetach=true");
            }
            domain.volumes().forEach(v -> volumes.requireUnused(domain, v));
            domains.remove(storagedomainID);
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot remove domain " + storagedomainID, e);
        }
    }

    @Override
    public List<UUID> getStorageDomains(UUID storagepoolID, DomainClass domainClass, DomainType storageType) {
        return domains.all().stream().map(LocalDomain::metadata)
                .filter(md -> domainClass == null || md.domainClass() == domainClass)
                .filter(md -> storageType == null || md.type() == storageType)
                .map(DomainMetadata::uuid).sorted().toList();
    }

    /** Where VDSM kept an ISO domain's files: this "image" directory of the domain. */
    static final String ISO_IMAGE = "11111111-1111-1111-1111-111111111111";

    @Override
    public Map<String, io.hostbridge.api.storage.FileStats> getFileStats(UUID storagedomainID, String pattern,
                                                                          boolean caseSensitive) {
        LocalDomain domain = domains.get(storagedomainID);
        if (pattern.contains("/") || pattern.contains("\\")) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "pattern", "Invalid parameter 'pattern':"
                    + " a file name pattern, without '/'");
        }
        java.nio.file.PathMatcher matcher;
        try {
            matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + (caseSensitive ? pattern
                    : pattern.toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "pattern", "Invalid parameter 'pattern':"
                    + " not a glob pattern");
        }
        Path dir = domain.root().resolve("images").resolve(ISO_IMAGE);
        Map<String, io.hostbridge.api.storage.FileStats> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Path compared = Path.of(caseSensitive ? name : name.toLowerCase(java.util.Locale.ROOT));
                if (!matcher.matches(compared) || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Object ctime = Files.getAttribute(file, "unix:ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                long seconds = ctime instanceof java.nio.file.attribute.FileTime t ? t.toInstant().getEpochSecond() : 0;
                out.put(name, new io.hostbridge.api.storage.FileStats(seconds, Files.size(file),
                        Files.isReadable(file) ? 0 : -1));
            }
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot list the files of domain "
                    + storagedomainID, e);
        }
        return out;
    }

    @Override
    public void setDescription(UUID storagedomainID, String description) {
        LocalDomain domain = domains.get(storagedomainID);
        try (Lease lease = volumes.lock(List.of(), List.of(storagedomainID))) {
            domain.writeMetadata(domain.metadata().withName(description));
        } catch (IOException e) {
            throw Volumes.failure(ErrorCode.GENERAL, storagedomainID, "Cannot change domain " + storagedomainID, e);
        }
    }

    @Override
    public void validate(UUID storagedomainID) {
        LocalDomain domain = domains.get(storagedomainID);
        String problem = domain.accessProblem();
        if (problem != null) {
            throw BridgeException.of(ErrorCode.STORAGE_DOMAIN_ACCESS_ERROR, "Storage domain " + storagedomainID
                    + " is not accessible: " + problem);
        }
    }

    @Override
    public StorageDomainDump dump(UUID sdId, boolean full) {
        LocalDomain domain = domains.get(sdId);
        Map<String, VolumeDump> dumped = new TreeMap<>();
        for (VolumeMetadata v : domain.volumes()) {
            Long apparent = null;
            Long allocated = null;
            String status = "OK";
            Path file = domain.volumePath(v);
            try {
                apparent = Files.size(file);
                OptionalLong a = FileAllocation.allocated(file);
                allocated = a.isPresent() ? a.getAsLong() : null;
            } catch (IOException e) {
                status = "INVALID";
            }
            dumped.put(v.uuid().toString(), new VolumeDump(v.image(), v.parent() == null ? Volumes.BLANK : v.parent(),
                    v.format(), v.preallocation(), domain.children(v.uuid()).isEmpty() ? VolumeRole.LEAF
                    : VolumeRole.INTERNAL, v.diskType(), v.description(), v.legality(), v.capacity(), v.ctime(),
                    status, apparent, allocated));
        }
        return new StorageDomainDump(getInfo(sdId), dumped);
    }

    @Override
    public Map<String, StorageDomainVitals> getStorageRepoStats(List<UUID> selected) {
        Map<String, StorageDomainVitals> out = new TreeMap<>();
        for (LocalDomain domain : domains.all()) {
            if (selected != null && !selected.contains(domain.id())) {
                continue;
            }
            long start = System.nanoTime();
            String problem = domain.accessProblem();
            double delay = (System.nanoTime() - start) / 1e9;
            DomainMetadata md = domain.metadata();
            out.put(domain.id().toString(), new StorageDomainVitals(md.status() == DomainStatus.ACTIVE, true, "0.0",
                    problem == null, problem == null ? 0 : ErrorCode.STORAGE_DOMAIN_ACCESS_ERROR.code(), md.version(),
                    String.format(java.util.Locale.ROOT, "%.6f", delay)));
        }
        return out;
    }
}
