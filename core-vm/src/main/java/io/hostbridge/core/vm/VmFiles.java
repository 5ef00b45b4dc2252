package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.DriveFormat;
import io.hostbridge.api.vm.VmDrive;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which host files a VM may use: the guest reads (and writes) what its drives, kernel and initrd name, as root's
 * libvirt opens them. A drive by path must be the file of a LEGAL volume of an active storage domain (never the
 * domain's metadata) or a regular file in the ISO directory ({@code vm.isoDir}); kernel and initrd only the latter.
 * Paths are checked after resolving symbolic links and '..', and the VM keeps the resolved path, so what libvirt
 * opens is what was checked and storage's "in use" check sees the volume's own path. One message per field
 * whatever the reason, so a caller cannot learn which host files exist.
 */
@Singleton
final class VmFiles {
    private final Optional<VolumeCatalog> catalog;
    private final VmSettings settings;

    @Inject
    VmFiles(Optional<VolumeCatalog> catalog, VmSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    /** The parameters with every host path checked and resolved, and a volume drive's format settled. */
    VmParams check(VmParams p) {
        List<VmDrive> drives = new ArrayList<>(p.drives().size());
        for (int i = 0; i < p.drives().size(); i++) {
            VmDrive d = p.drives().get(i);
            drives.add(drive(d, "vmParams.drives[" + i + "]"));
        }
        String kernel = p.kernel() == null ? null : bootFile(p.kernel(), "vmParams.kernel");
        String initrd = p.initrd() == null ? null : bootFile(p.initrd(), "vmParams.initrd");
        return new VmParams(p.vmId(), p.vmName(), p.memSize(), p.smp(), kernel, initrd, p.kernelArgs(), drives,
                p.nics(), p.console(), p.custom(), p.display(), p.restoreState(), p.maxMemSize(), p.maxMemSlots(), p.firmware(), p.tpm());
    }

    /** One drive with its host path checked and resolved (a drive by volume ids is returned as it is). */
    VmDrive drive(VmDrive d, String where) {
        return d.path() == null ? d : file(d, where);
    }

    private VmDrive file(VmDrive d, String where) {
        Optional<Path> real = regularFile(d.path());
        Optional<VolumeCatalog.Volume> volume = real.flatMap(r -> catalog.flatMap(c -> c.volumeAt(r)));
        if (volume.isPresent()) {
            // a qcow2 volume given to the guest raw would let it write a header naming any host file as backing
            DriveFormat format = volume.get().format() == VolumeCatalog.Format.QCOW2 ? DriveFormat.COW : DriveFormat.RAW;
            if (d.format() != null && d.format() != format) {
                throw invalid(where + ".format", "the volume is " + volume.get().format().qemuName()
                        + "; a volume's file is used in its own format");
            }
            return new VmDrive(real.get().toString(), null, null, null, format, d.iface(), d.readonly(), d.device(),
                    d.name());
        }
        if (real.isPresent() && inIsoDir(real.get())) {
            return new VmDrive(real.get().toString(), null, null, null, d.format(), d.iface(), d.readonly(),
                    d.device(), d.name());
        }
        throw invalid(where + ".path", "must be the file of a LEGAL volume of an active storage domain, or a regular"
                + " file in the agent's ISO directory (vm.isoDir" + (settings.isoDir().isEmpty() ? ", not configured"
                : "") + "); other host files and devices are refused");
    }

    private String bootFile(String path, String where) {
        Optional<Path> real = regularFile(path);
        if (real.isEmpty() || !inIsoDir(real.get())) {
            throw invalid(where, "must be a regular file in the agent's ISO directory (vm.isoDir"
                    + (settings.isoDir().isEmpty() ? ", not configured" : "") + ")");
        }
        return real.get().toString();
    }

    /** The path with links and '..' resolved, when it is an existing regular file (no device, FIFO, directory). */
    private static Optional<Path> regularFile(String path) {
        try {
            Path real = Path.of(path).toRealPath();
            return Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private boolean inIsoDir(Path real) {
        return settings.isoDirectory().flatMap(VmFiles::realDirectory).map(real::startsWith).orElse(false);
    }

    /** Resolved at each check: the directory may be created, or its link changed, after the agent started. */
    private static Optional<Path> realDirectory(Path dir) {
        try {
            return Optional.of(dir.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static BridgeException invalid(String path, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, path, "Invalid parameter '" + path + "': "
                + rule);
    }
}
