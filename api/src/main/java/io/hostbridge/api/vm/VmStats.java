package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;
import java.util.UUID;

/**
 * Statistics of one VM, read from libvirt. A VM that does not run (WaitForLaunch, Down) reports its status
 * and nothing else.
 */
@ApiType(description = "Statistics of one VM from libvirt; a VM that does not run reports only its status")
public record VmStats(
        @ApiField(description = "The VM's id") UUID vmId,
        @ApiField(description = "Status") VmStatus status,
        @ApiField(description = "Time since the VM was started", unit = "s", optional = true) Long elapsedTime,
        @ApiField(description = "Number of vCPUs", optional = true) Integer vcpuCount,
        @ApiField(description = "CPU time used by the VM since it started", unit = "ns", optional = true) Long cpuTime,
        @ApiField(description = "CPU used since the previous sample, share of all the VM's vCPUs", unit = "percent",
                optional = true) Double cpuUsage,
        @ApiField(description = "Configured memory", unit = "MiB", optional = true) Integer memSize,
        @ApiField(description = "Memory the balloon currently gives the guest", unit = "KiB", optional = true)
        Long balloonCurrent,
        @ApiField(description = "Largest memory the balloon may give the guest", unit = "KiB", optional = true)
        Long balloonMax,
        @ApiField(description = "Resident memory of the VM's process on the host", unit = "KiB", optional = true)
        Long memRss,
        @ApiField(description = "Memory the guest reports as usable (needs a balloon driver in the guest)",
                unit = "KiB", optional = true) Long memUsable,
        @ApiField(description = "Per-drive I/O by guest device name (vda, sda, …)", optional = true)
        Map<String, VmDiskStats> disks,
        @ApiField(description = "Per-NIC traffic by MAC address", optional = true) Map<String, VmNicStats> network,
        @ApiField(description = "Why the VM is Down; present only then", optional = true) VmExit exit,
        @ApiField(description = "Merges started with a jobUUID and not done yet, by job id (VDSM's vmJobs); absent"
                + " while the VM is not running", optional = true) Map<String, VmBlockJob> vmJobs) {
}
