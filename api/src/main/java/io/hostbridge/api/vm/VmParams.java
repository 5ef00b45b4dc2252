package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a VM is made of, as a caller describes it (VDSM's {@code vmParams}). The agent builds the libvirt
 * domain from it; callers never send domain XML.
 */
@ApiType(description = "What a VM is made of (VDSM's vmParams); the agent builds the libvirt domain from it")
public record VmParams(
        @ApiField(description = "The VM's id; required for the legacy create, else must equal vmID when given",
                optional = true) UUID vmId,
        @ApiField(description = "Name (the libvirt domain name): letters, digits, '.', '_', '-'", maxLength = 64)
        String vmName,
        @ApiField(description = "Memory", unit = "MiB", min = 16, max = 4_194_304) int memSize,
        @ApiField(description = "Number of vCPUs; default 1", optional = true, min = 1, max = 256) Integer smp,
        @ApiField(description = "Kernel for direct boot: absolute path of a file in the agent's ISO directory"
                + " (vm.isoDir)", optional = true, maxLength = 4096)
        String kernel,
        @ApiField(description = "Initial ramdisk for direct boot: absolute path of a file in the agent's ISO"
                + " directory (vm.isoDir)", optional = true,
                maxLength = 4096) String initrd,
        @ApiField(description = "Kernel command line for direct boot", optional = true, maxLength = 4096)
        String kernelArgs,
        @ApiField(description = "Drives, in guest order", optional = true, maxItems = MAX_DRIVES) List<VmDrive> drives,
        @ApiField(description = "Network interfaces", optional = true, maxItems = MAX_NICS) List<VmNic> nics,
        @ApiField(description = "A serial console on a pty (VM.getInfo reports its path); default true",
                optional = true) Boolean console,
        @ApiField(description = "Caller's key/values, kept with the VM and returned by VM.getInfo; keys not empty,"
                + " keys and values without control characters", optional = true, maxItems = 64, maxKeyLength = 128,
                maxLength = 4096) Map<String, String> custom,
        @ApiField(description = "A graphical console: vnc adds a VGA screen served over VNC on 127.0.0.1, with a"
                + " password nobody knows until VM.setTicket sets one; none when absent", optional = true)
        DisplayType display,
        @ApiField(description = "Start the VM from the memory state VM.hibernate saved, in this volume: VDSM's"
                + " volume handle, 'sdUUID,spUUID,imgUUID,volUUID' (more fields are accepted and not used); the VM's"
                + " id must be the hibernated VM's", optional = true, maxLength = 512) String restoreState,
        @ApiField(description = "The most memory the VM may have with hot-plugged memory (VM.hotplugMemory); none"
                + " can be plugged without it", unit = "MiB", optional = true, min = 16, max = 4_194_304)
        Integer maxMemSize,
        @ApiField(description = "Memory slots for hot-plugged memory; default 16 with maxMemSize", optional = true,
                min = 1, max = 255) Integer maxMemSlots,
        @ApiField(description = "Firmware; default bios", optional = true) Firmware firmware,
        @ApiField(description = "An emulated TPM 2.0 (swtpm), its state kept by libvirt per VM (VM.getExternalData"
                + " reads it); default false", optional = true) Boolean tpm) {

    /** Guest disk names vda..vdz. */
    public static final int MAX_DRIVES = 26;
    public static final int MAX_NICS = 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public VmParams {
        if (vmName != null && !NAME.matcher(vmName).matches()) {
            throw new IllegalArgumentException("'vmName' must start with a letter or digit and hold only letters,"
                    + " digits, '.', '_' and '-'");
        }
        if (kernel != null && !kernel.startsWith("/")) {
            throw new IllegalArgumentException("'kernel' must be an absolute path");
        }
        if (initrd != null && !initrd.startsWith("/")) {
            throw new IllegalArgumentException("'initrd' must be an absolute path");
        }
        if (kernel == null && (initrd != null || kernelArgs != null)) {
            throw new IllegalArgumentException("'initrd' and 'kernelArgs' need 'kernel'");
        }
        if (restoreState != null) {
            try {
                VolumeHandle.parse(restoreState);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'restoreState' must be VDSM's volume handle"
                        + " 'sdUUID,spUUID,imgUUID,volUUID'");
            }
        }
        if (maxMemSize != null && maxMemSize < memSize) {
            throw new IllegalArgumentException("'maxMemSize' must be at least 'memSize'");
        }
        if (maxMemSlots != null && maxMemSize == null) {
            throw new IllegalArgumentException("'maxMemSlots' needs 'maxMemSize'");
        }
        drives = drives == null ? List.of() : List.copyOf(drives);
        nics = nics == null ? List.of() : List.copyOf(nics);
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    /** vCPUs, with the default applied. */
    public int vcpus() {
        return smp == null ? 1 : smp;
    }

    /** Whether the VM gets a serial console, with the default applied. */
    public boolean hasConsole() {
        return console == null || console;
    }

    /** The same parameters with these drives and NICs (after a device was plugged in or out). */
    public VmParams withDevices(List<VmDrive> newDrives, List<VmNic> newNics) {
        return new VmParams(vmId, vmName, memSize, smp, kernel, initrd, kernelArgs, newDrives, newNics, console,
                custom, display, restoreState, maxMemSize, maxMemSlots, firmware, tpm);
    }

    /** The same parameters with {@code mib} MiB of memory (after memory was plugged in or out). */
    public VmParams withMemSize(int mib) {
        return new VmParams(vmId, vmName, mib, smp, kernel, initrd, kernelArgs, drives, nics, console, custom,
                display, restoreState, maxMemSize, maxMemSlots, firmware, tpm);
    }

    /** Memory slots for hot-plugged memory, with the default applied (0 without maxMemSize). */
    public int memSlots() {
        return maxMemSize == null ? 0 : maxMemSlots == null ? 16 : maxMemSlots;
    }

    /** The same parameters with {@code vmId} set. */
    public VmParams withVmId(UUID id) {
        return new VmParams(id, vmName, memSize, smp, kernel, initrd, kernelArgs, drives, nics, console, custom,
                display, restoreState, maxMemSize, maxMemSlots, firmware, tpm);
    }
}
