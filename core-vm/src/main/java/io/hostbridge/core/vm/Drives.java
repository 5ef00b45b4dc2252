package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.vm.DriveFormat;
import io.hostbridge.api.vm.VmDrive;
import io.hostbridge.core.spi.VolumeCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settles each drive's host file and format: a path as given (checked by {@link VmFiles} when the VM was created),
 * a volume through the storage catalog.
 */
@Singleton
final class Drives {
    private final Optional<VolumeCatalog> catalog;

    @Inject
    Drives(Optional<VolumeCatalog> catalog) {
        this.catalog = catalog;
    }

    List<DomainXml.Drive> resolve(List<VmDrive> drives) {
        List<DomainXml.Drive> out = new ArrayList<>(drives.size());
        for (int i = 0; i < drives.size(); i++) {
            out.add(resolve(drives.get(i), "vmParams.drives[" + i + "]"));
        }
        return out;
    }

    /** The file of a LEGAL volume of an active domain (358, 369, 268, 201, 227 as the catalog says). */
    Path volumePath(java.util.UUID domainId, java.util.UUID imageId, java.util.UUID volumeId) {
        VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.of(ErrorCode.GENERAL, "this agent has no"
                + " storage volumes"));
        return volumes.resolve(domainId, imageId, volumeId).path();
    }

    /** One drive; {@code where} names it in errors. */
    DomainXml.Drive resolve(VmDrive d, String where) {
        String path;
        String format;
        if (d.path() != null) {
            path = Path.of(d.path()).normalize().toString();
            format = d.format() == DriveFormat.COW ? "qcow2" : "raw";
        } else if (d.volumeID() == null) { // a CD-ROM without a medium
            path = null;
            format = "raw";
        } else {
            VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.forParameter(
                    ErrorCode.INVALID_PARAMETER, where, "Invalid parameter '" + where + "': this agent has no"
                            + " storage volumes to resolve domainID/imageID/volumeID; give the drive's 'path'"));
            VolumeCatalog.Volume volume = volumes.resolve(d.domainID(), d.imageID(), d.volumeID());
            path = volume.path().toString();
            format = d.format() == null ? volume.format().qemuName() : d.format() == DriveFormat.COW ? "qcow2" : "raw";
        }
        return new DomainXml.Drive(path, format, d.bus(), Boolean.TRUE.equals(d.readonly()),
                d.device() == null ? io.hostbridge.api.vm.DriveDevice.DISK : d.device(), d.name());
    }
}
