package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.UUID;

/**
 * Disks and NICs plugged into and out of a running VM. The VM keeps them across a restart of the agent (they are
 * part of its parameters from then on) and VM.getInfo lists them.
 */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmDevicesApi {

    @ApiVerb(description = "Plugs a drive into the running VM (the same drives VM.create takes: a storage volume or a"
            + " file in the ISO directory), as its name or the first free device name of its bus; returns the VM as"
            + " VM.getInfo gives it. The volume is in use by the VM from then on", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS,
                    ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME, ErrorCode.VOLUME_IS_BUSY})
    VmInfo hotplugDisk(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The drive") HotplugDiskParams params);

    @ApiVerb(description = "Unplugs a drive from the running VM and returns once the guest has let it go (up to"
            + " 30 s; a guest that does not answer the unplug request keeps the drive, and the call fails saying"
            + " so); returns the VM as VM.getInfo gives it", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo hotunplugDisk(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The drive, by its path or volume ids") HotplugDiskParams params);

    @ApiVerb(description = "Plugs a network interface into the running VM; returns the VM as VM.getInfo gives it,"
            + " with the NIC's MAC address", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo hotplugNic(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The NIC") HotplugNicParams params);

    @ApiVerb(description = "Plugs a memory module (a DIMM) into the running VM, which must have been created with"
            + " maxMemSize: the VM's memory grows by its size (the guest onlines it, or is told to); returns the VM"
            + " as VM.getInfo gives it, its memSize counting the module", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo hotplugMemory(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The module") HotplugMemoryParams params);

    @ApiVerb(description = "Unplugs a memory module VM.hotplugMemory plugged, named by its alias (or the first of"
            + " its size), and returns once the guest has let it go (up to 30 s: the guest must offline the"
            + " memory); returns the VM as VM.getInfo gives it", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo hotunplugMemory(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The module") HotplugMemoryParams params);

    @ApiVerb(description = "Unplugs a network interface, named by its MAC address, and returns once the guest has"
            + " let it go (up to 30 s); returns the VM as VM.getInfo gives it", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo hotunplugNic(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The NIC, by macAddr") HotplugNicParams params);

    @ApiVerb(description = "Sets the password of the VM's graphical console (vmParams.display vnc or qxl, SPICE),"
            + " valid for ttl seconds; VM.getInfo gives the console's displayIp and displayPort. VNC uses the first 8"
            + " characters of a password. The password is never logged or returned", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void setTicket(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "password", description = "The new password", maxLength = 1024) String password,
            @ApiParam(value = "ttl", description = "Seconds the password is valid for", min = 1, max = 315_360_000)
            int ttl,
            @ApiParam(value = "existingConnAction", description = "What a SPICE display does with clients connected"
                    + " now: disconnect them, keep them, or fail while one is; a VNC display keeps them (libvirt"
                    + " supports nothing else for VNC; VDSM applied it to SPICE only)", optional = true,
                    defaultValue = "\"disconnect\"")
            TicketConflictAction existingConnAction,
            @ApiParam(value = "params", description = "Accepted for compatibility (VDSM passed them to hooks); not"
                    + " used", optional = true, maxItems = 64, maxKeyLength = 128, maxLength = 4096)
            java.util.Map<String, String> params);

    @ApiVerb(description = "Changes the medium in the running VM's CD-ROM (a file in the ISO directory or a storage"
            + " volume), or ejects it with an empty path; returns the VM as VM.getInfo gives it",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
                    ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME})
    VmInfo changeCD(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "driveSpec", description = "The new medium") CdromSpec driveSpec);

    @ApiVerb(description = "Changes the medium in the running VM's floppy drive (a file in the ISO directory or a"
            + " storage volume), or ejects it with an empty path; returns the VM as VM.getInfo gives it",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
                    ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.VOLUME_DOES_NOT_EXIST, ErrorCode.ILLEGAL_VOLUME})
    VmInfo changeFloppy(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "driveSpec", description = "The new medium; name picks the floppy drive (fda, fdb)")
            CdromSpec driveSpec);

    @ApiVerb(description = "A running VM's data kept outside its disks, as VDSM gives it for the manager to keep:"
            + " its TPM's state (vmParams.tpm) or its UEFI variables (vmParams.firmware efi), read from libvirt's"
            + " files now, with their hash; the data is left out when lastHash is that hash. Admin only: a TPM's"
            + " state holds the guest's keys", access = AccessLevel.ADMIN, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.EXTERNAL_DATA_FAILED})
    VmExternalData getExternalData(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "kind", description = "tpm or nvram") ExternalDataKind kind,
            @ApiParam(value = "lastHash", description = "The hash of the data the caller has", optional = true,
                    maxLength = 128) String lastHash,
            @ApiParam(value = "forceUpdate", description = "Accepted for compatibility: the data is always read from"
                    + " the files", optional = true, defaultValue = "true") boolean forceUpdate);

    @ApiVerb(description = "Updates a device of the running VM: a NIC's link state (linkActive), which the guest sees"
            + " as its cable plugged in or out, and the host bridge a bridge NIC is on (network); or, with deviceType"
            + " disk, a CD-ROM's or floppy's medium (as VM.changeCD). Returns the VM as VM.getInfo gives it. The link"
            + " state is the domain's: it lasts while the VM runs", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo updateDevice(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The device and what to change") UpdateDeviceParams params);
}
