package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

/**
 * One drive of a VM: a file by {@code path} (a volume's file or one in the agent's ISO directory) or a storage
 * volume by ids ({@code domainID}, {@code imageID}, {@code volumeID}), never both; a CD-ROM may have neither (no
 * medium).
 */
@ApiType(description = "A drive: a host file (path) or a storage volume (domainID + imageID + volumeID)")
public record VmDrive(
        @ApiField(description = "Absolute path: the file of a LEGAL volume of an active storage domain (used in its"
                + " own format), or a regular file in the agent's ISO directory (vm.isoDir)", optional = true,
                maxLength = 4096)
        String path,
        @ApiField(description = "Storage domain of the volume", optional = true) UUID domainID,
        @ApiField(description = "Image of the volume", optional = true) UUID imageID,
        @ApiField(description = "The volume", optional = true) UUID volumeID,
        @ApiField(description = "Format; default raw for a path, the volume's own for a volume", optional = true)
        DriveFormat format,
        @ApiField(description = "Bus; default virtio for a disk, sata for a CD-ROM, fdc for a floppy (and only for"
                + " it)", optional = true)
        DriveInterface iface,
        @ApiField(description = "Read-only for the guest; default false", optional = true) Boolean readonly,
        @ApiField(description = "Disk, CD-ROM or floppy; default disk", optional = true) DriveDevice device,
        @ApiField(description = "Guest device name: vd<letter> on virtio, sd<letter> on sata, hd<letter> on ide,"
                + " fd<a|b> on fdc; the"
                + " first free one of its bus when absent (VM.getInfo shows the one given)", optional = true,
                maxLength = 3) String name) {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(vd|sd|hd)[a-z]|fd[ab]");

    public VmDrive {
        boolean volume = domainID != null || imageID != null || volumeID != null;
        if (path != null && volume) {
            throw new IllegalArgumentException("give either 'path' or 'domainID'+'imageID'+'volumeID', not both");
        }
        if (path == null && !volume && (device == null || !device.removable())) {
            throw new IllegalArgumentException("a drive needs 'path', or 'domainID'+'imageID'+'volumeID' (only a"
                    + " CD-ROM or a floppy may be empty)");
        }
        if (volume && (domainID == null || imageID == null || volumeID == null)) {
            throw new IllegalArgumentException("a volume drive needs all of 'domainID', 'imageID' and 'volumeID'");
        }
        if (device == DriveDevice.CDROM && iface == DriveInterface.VIRTIO) {
            throw new IllegalArgumentException("a cdrom needs iface sata or ide (virtio has no CD-ROMs)");
        }
        if ((device == DriveDevice.FLOPPY) != (iface == DriveInterface.FDC) && iface != null) {
            throw new IllegalArgumentException("iface fdc is for floppies only, and a floppy is on fdc");
        }
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("'path' must be absolute, got a relative path");
        }
        // the fields are not assigned yet: the bus from the parameters, as bus() has it
        DriveInterface onBus = defaultBus(iface, device);
        if (name != null && (!NAME.matcher(name).matches() || !name.startsWith(prefix(onBus)))) {
            throw new IllegalArgumentException("'name' must be " + prefix(onBus) + "<letter> on bus "
                    + onBus.name().toLowerCase(java.util.Locale.ROOT) + ", got '" + name + "'");
        }
    }

    /** Guest device names' prefix on a bus: vd (virtio), sd (sata), hd (ide). */
    public static String prefix(DriveInterface bus) {
        return switch (bus) {
            case VIRTIO -> "vd";
            case SATA -> "sd";
            case IDE -> "hd";
            case FDC -> "fd";
        };
    }

    /** The same drive with its guest device name. */
    public VmDrive withName(String guestName) {
        return new VmDrive(path, domainID, imageID, volumeID, format, iface, readonly, device, guestName);
    }

    /** The bus, with the default applied. */
    public DriveInterface bus() {
        return defaultBus(iface, device);
    }

    private static DriveInterface defaultBus(DriveInterface iface, DriveDevice device) {
        if (iface != null) {
            return iface;
        }
        return device == DriveDevice.CDROM ? DriveInterface.SATA : device == DriveDevice.FLOPPY ? DriveInterface.FDC
                : DriveInterface.VIRTIO;
    }

    /** A drive on a host file, with defaults for the rest. */
    public static VmDrive ofPath(String path) {
        return new VmDrive(path, null, null, null, null, null, null, null, null);
    }
}
