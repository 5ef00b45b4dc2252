package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.storage.Qcow2Attributes;
import io.hostbridge.api.storage.SdmApi;
import io.hostbridge.api.storage.VolumeAttributes;
import io.hostbridge.api.storage.VolumeEndpoint;
import io.hostbridge.api.storage.VolumeFormat;
import io.hostbridge.core.jobs.JobManager;
import io.hostbridge.core.storage.LockTable.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The SDM namespace: jobs whose id the caller chooses. Each checks what it can before the call returns (a clear
 * error, nothing changed); the qemu-img work runs in the job with the volume ILLEGAL, as VDSM's volume operations:
 * LEGAL again when it succeeds, left ILLEGAL when it fails, since its content is then unknown.
 */
@Singleton
final class SdmService implements SdmApi {
    private final VolumeCopier copier;
    private final Volumes volumes;
    private final JobManager jobs;

    @Inject
    SdmService(VolumeCopier copier, Volumes volumes, JobManager jobs) {
        this.copier = copier;
        this.volumes = volumes;
        this.jobs = jobs;
    }

    @Override
    public void copy_data(UUID jobId, VolumeEndpoint source, VolumeEndpoint destination) {
        requireNewJob(jobId);
        copier.copyData(jobId, endpoint(source), endpoint(destination));
    }

    private static VolumeCopier.Endpoint endpoint(VolumeEndpoint e) {
        return new VolumeCopier.Endpoint(e.sdId(), e.imgId(), e.volId());
    }

    @Override
    public void add_bitmap(UUID jobId, VolumeEndpoint volInfo, String bitmap) {
        requireBitmapName(bitmap);
        qcow2Job(jobId, "add_bitmap", volInfo, chain -> {
            if ("0.10".equals(chain.get(0).compat())) {
                throw unsupported(volInfo, "qcow2 compat 0.10 cannot store bitmaps; amend it to 1.1 first");
            }
            for (QemuImg.Details layer : chain) {
                if (layer.bitmaps() != null && layer.bitmaps().stream().anyMatch(b -> b.name().equals(bitmap))) {
                    throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "bitmap", "Invalid parameter"
                            + " 'bitmap': volume " + volInfo.volId() + " or a volume under it has bitmap " + bitmap);
                }
            }
        }, path -> volumes.qemu.addBitmap(path, bitmap));
    }

    @Override
    public void remove_bitmap(UUID jobId, VolumeEndpoint volInfo, String bitmap) {
        requireBitmapName(bitmap);
        qcow2Job(jobId, "remove_bitmap", volInfo, chain -> {
            if (chain.get(0).bitmaps().stream().noneMatch(b -> b.name().equals(bitmap))) {
                throw BridgeException.forParameter(ErrorCode.BITMAP_DOES_NOT_EXIST, "bitmap", "Volume "
                        + volInfo.volId() + " has no bitmap " + bitmap);
            }
        }, path -> volumes.qemu.removeBitmap(path, bitmap));
    }

    @Override
    public void clear_bitmaps(UUID jobId, VolumeEndpoint volInfo) {
        qcow2Job(jobId, "clear_bitmaps", volInfo, chain -> {
        }, path -> {
            for (QemuImg.Bitmap b : volumes.qemu.details(path).bitmaps()) {
                volumes.qemu.removeBitmap(path, b.name());
            }
        });
    }

    @Override
    public void amend_volume(UUID jobId, VolumeEndpoint volInfo, Qcow2Attributes qcow2Attr) {
        qcow2Job(jobId, "amend_volume", volInfo, chain -> {
            if ("0.10".equals(qcow2Attr.compat()) && !chain.get(0).bitmaps().isEmpty()) {
                throw unsupported(volInfo, "it has bitmaps, which qcow2 compat 0.10 cannot keep; remove them first");
            }
        }, path -> volumes.qemu.amendCompat(path, qcow2Attr.compat()));
    }

    @Override
    public void update_volume(UUID jobId, VolumeEndpoint volInfo, VolumeAttributes volAttr) {
        requireNewJob(jobId);
        volumes.update(volInfo.sdId(), volInfo.imgId(), volInfo.volId(), volAttr.legality(), volAttr.description());
        jobs.recordDone(jobId, "update_volume");
    }

    @Override
    public void merge(UUID jobId, io.hostbridge.api.storage.SubchainInfo subchainInfo, boolean mergeBitmaps) {
        requireNewJob(jobId);
        io.hostbridge.api.storage.SubchainInfo s = subchainInfo;
        LocalDomain domain = volumes.active(s.sdId());
        List<UUID> chain = new java.util.ArrayList<>(List.of(s.topId(), s.baseId()));
        Lease lease = volumes.lock(List.of(s.sdId()), chain);
        try {
            VolumeMetadata top = Volumes.legal(Volumes.volume(domain, s.imgId(), s.topId()));
            if (!s.baseId().equals(top.parent())) {
                throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "subchain_info.base_id", "Invalid"
                        + " parameter 'subchain_info.base_id': volume " + s.baseId() + " is not the parent of "
                        + s.topId());
            }
            UUID baseImage = top.parentImage() == null ? top.image() : top.parentImage();
            if (!baseImage.equals(top.image())) {
                throw unsupported(s, "the base is a template's volume, which other images share");
            }
            VolumeMetadata baseVolume = Volumes.legal(Volumes.volume(domain, baseImage, s.baseId()));
            if (top.format() != VolumeFormat.COW) {
                throw unsupported(s, "the top volume is not COW");
            }
            if (mergeBitmaps && baseVolume.format() != VolumeFormat.COW) {
                throw unsupported(s, "merge_bitmaps needs a COW base");
            }
            volumes.requireUnused(domain, top);
            volumes.requireUnused(domain, baseVolume);
            List<VolumeMetadata> children = domain.children(top.uuid());
            for (VolumeMetadata child : children) {
                volumes.requireUnused(domain, child);
            }
            Path topFile = domain.volumePath(top);
            Path baseFile = domain.volumePath(baseVolume);
            List<QemuImg.Bitmap> bitmaps = new java.util.ArrayList<>();
            List<String> baseBitmaps = new java.util.ArrayList<>();
            try {
                if (mergeBitmaps) {
                    bitmaps.addAll(volumes.qemu.details(topFile).bitmaps());
                    volumes.qemu.details(baseFile).bitmaps().forEach(b -> baseBitmaps.add(b.name()));
                }
            } catch (IOException x) {
                throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "Cannot read volume " + s.topId(), x);
            }
            Lease held = lease;
            lease = null;
            jobs.submit(jobId, "merge", control -> {
                try (held) {
                    domain.writeVolume(domain.volume(baseVolume.uuid()).orElseThrow().illegal());
                    try {
                        volumes.qemu.commit(topFile, baseFile, control);
                        for (QemuImg.Bitmap b : bitmaps) {
                            volumes.qemu.mergeBitmap(topFile, baseFile, b.name(), !baseBitmaps.contains(b.name()));
                        }
                        for (VolumeMetadata child : children) {
                            // the child's backing file name is relative to its directory, as Volume.create makes it
                            volumes.qemu.rebaseUnsafe(domain.volumePath(child), baseFile.getFileName().toString(),
                                    baseVolume.format());
                            domain.writeVolume(domain.volume(child.uuid()).orElseThrow().withParent(baseVolume.uuid(),
                                    child.parentImage()));
                        }
                    } catch (IOException x) {
                        throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "merge of volume " + s.topId()
                                + " into " + s.baseId() + " failed; the base stays ILLEGAL", x);
                    }
                    domain.writeVolume(domain.volume(top.uuid()).orElseThrow().illegal());
                    // qemu-img commit grows a smaller base to the top's size
                    VolumeMetadata merged = domain.volume(baseVolume.uuid()).orElseThrow();
                    domain.writeVolume(merged.withCapacity(Math.max(merged.capacity(), top.capacity())).legal());
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private static BridgeException unsupported(io.hostbridge.api.storage.SubchainInfo s, String why) {
        return BridgeException.forParameter(ErrorCode.UNSUPPORTED_OPERATION, "subchain_info", "Cannot merge volume "
                + s.topId() + " into " + s.baseId() + ": " + why);
    }

    @Override
    public void sparsify_volume(UUID jobId, VolumeEndpoint volInfo) {
        requireNewJob(jobId);
        LocalDomain domain = volumes.active(volInfo.sdId());
        Lease lease = volumes.lock(List.of(volInfo.sdId()), List.of(volInfo.volId()));
        try {
            VolumeMetadata volume = Volumes.legal(Volumes.volume(domain, volInfo.imgId(), volInfo.volId()));
            volumes.requireUnused(domain, volume);
            Volumes.requireNoChildren(domain, volume);
            VolumeMetadata parent = volume.parent() == null ? null : domain.volume(volume.parent()).orElse(null);
            Path file = domain.volumePath(volume);
            Lease held = lease;
            lease = null;
            jobs.submit(jobId, "sparsify_volume", control -> {
                try (held) {
                    domain.writeVolume(domain.volume(volume.uuid()).orElseThrow().illegal());
                    try {
                        if (volume.format() == VolumeFormat.RAW) {
                            digHoles(file);
                        } else {
                            Path rewritten = file.resolveSibling("." + file.getFileName() + ".sparsify");
                            try {
                                volumes.qemu.rewriteQcow2(file, rewritten, volume.backingName(), parent == null ? null
                                        : parent.format(), control);
                                java.nio.file.Files.move(rewritten, file,
                                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                            } finally {
                                java.nio.file.Files.deleteIfExists(rewritten);
                            }
                        }
                    } catch (IOException x) {
                        throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "sparsify of volume " + volInfo.volId()
                                + " failed; it stays ILLEGAL", x);
                    }
                    domain.writeVolume(domain.volume(volume.uuid()).orElseThrow().legal());
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    /** fallocate --dig-holes: the file's zero-filled blocks become holes; its content reads the same. */
    private static void digHoles(Path file) throws IOException, InterruptedException {
        Process p = io.hostbridge.core.Spawner.start(new ProcessBuilder("fallocate", "--dig-holes", file.toString())
                .redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("fallocate --dig-holes failed (exit " + p.exitValue() + ")"
                    + (out.isBlank() ? "" : ": " + out.strip().replace(file.toString(), "<file>")));
        }
    }

    private interface Check {
        void check(List<QemuImg.Details> chain);
    }

    private interface Work {
        void run(Path file) throws IOException;
    }

    /**
     * A job on a LEGAL qcow2 volume that nothing uses: {@code check} sees qemu-img's view of the volume and the
     * volumes under it before the call returns; {@code work} runs in the job, under the volume's exclusive lock.
     */
    private void qcow2Job(UUID jobId, String name, VolumeEndpoint e, Check check, Work work) {
        requireNewJob(jobId);
        LocalDomain domain = volumes.active(e.sdId());
        Lease lease = volumes.lock(List.of(e.sdId()), List.of(e.volId()));
        try {
            VolumeMetadata volume = Volumes.legal(Volumes.volume(domain, e.imgId(), e.volId()));
            if (volume.format() != VolumeFormat.COW) {
                throw unsupported(e, "it is not in COW (qcow2) format");
            }
            volumes.requireUnused(domain, volume);
            Path file = domain.volumePath(volume);
            try {
                check.check(volumes.qemu.chain(file));
            } catch (IOException x) {
                throw Volumes.failure(ErrorCode.GENERAL, domain.id(), "Cannot read volume " + e.volId(), x);
            }
            Lease held = lease;
            lease = null;
            jobs.submit(jobId, name, control -> {
                try (held) {
                    domain.writeVolume(domain.volume(volume.uuid()).orElseThrow().illegal());
                    try {
                        work.run(file);
                    } catch (IOException x) {
                        throw Volumes.failure(ErrorCode.GENERAL, domain.id(), name + " of volume " + e.volId()
                                + " failed; it stays ILLEGAL", x);
                    }
                    domain.writeVolume(domain.volume(volume.uuid()).orElseThrow().legal());
                }
            });
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    private void requireNewJob(UUID jobId) {
        if (jobs.find(jobId).isPresent()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "job_id", "Invalid parameter 'job_id': a"
                    + " job with id " + jobId + " exists already");
        }
    }

    private static BridgeException unsupported(VolumeEndpoint e, String why) {
        return BridgeException.forParameter(ErrorCode.UNSUPPORTED_OPERATION, "vol_info", "Volume " + e.volId()
                + ": " + why);
    }

    /** qemu limits names to 1023 bytes; a leading '-' would be read as an option by qemu-img. */
    private static void requireBitmapName(String bitmap) {
        String why = null;
        if (bitmap.isEmpty()) {
            why = "empty";
        } else if (bitmap.getBytes(StandardCharsets.UTF_8).length > 1023) {
            why = "longer than 1023 bytes";
        } else if (bitmap.startsWith("-")) {
            why = "starts with '-'";
        } else if (bitmap.chars().anyMatch(Character::isISOControl)) {
            why = "contains a control character";
        }
        if (why != null) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "bitmap", "Invalid parameter 'bitmap': "
                    + why);
        }
    }
}
