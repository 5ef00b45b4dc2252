package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A VM as the agent knows it: its parameters, status and runtime facts. */
@ApiType(description = "A VM: its parameters, status and runtime facts")
public record VmInfo(
        @ApiField(description = "The VM's id") UUID vmId,
        @ApiField(description = "Name, also the libvirt domain name") String vmName,
        @ApiField(description = "Status") VmStatus status,
        @ApiField(description = "What caused the last status change", optional = true) String statusReason,
        @ApiField(description = "Memory", unit = "MiB") int memSize,
        @ApiField(description = "Number of vCPUs") int smp,
        @ApiField(description = "Kernel for direct boot", optional = true) String kernel,
        @ApiField(description = "Initial ramdisk for direct boot", optional = true) String initrd,
        @ApiField(description = "Kernel command line", optional = true) String kernelArgs,
        @ApiField(description = "Drives as given at create and plugged in or out since (then each with its guest"
                + " device name)") List<VmDrive> drives,
        @ApiField(description = "Network interfaces, with the MAC addresses in use") List<VmNic> nics,
        @ApiField(description = "True when the VM has a serial console") boolean console,
        @ApiField(description = "Host pty of the serial console, once libvirt assigned one", optional = true)
        String consolePath,
        @ApiField(description = "Caller's key/values given at create") Map<String, String> custom,
        @ApiField(description = "libvirt domain type: test, kvm or qemu (TCG)") String domainType,
        @ApiField(description = "When the VM was created on this host, ISO-8601 UTC") String createTime,
        @ApiField(description = "Why the VM is Down; present only then", optional = true) VmExit exit,
        @ApiField(description = "The graphical console, when the VM has one", optional = true) DisplayType display,
        @ApiField(description = "Address the graphical console listens on, once the VM runs", optional = true)
        String displayIp,
        @ApiField(description = "TCP port of the graphical console, once the VM runs", optional = true)
        Integer displayPort) {
}
