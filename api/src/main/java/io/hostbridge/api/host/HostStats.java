package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;

/** Host statistics over the last sampling window. */
@ApiType(description = "Host statistics over the last sampling window")
public record HostStats(
        @ApiField(description = "CPU time in user mode (incl. nice) over the window", unit = "percent") double cpuUser,
        @ApiField(description = "CPU time in kernel mode (incl. irq, softirq, steal) over the window", unit = "percent")
        double cpuSys,
        @ApiField(description = "Idle CPU time (incl. iowait) over the window", unit = "percent") double cpuIdle,
        @ApiField(description = "Load average over 1 minute (VDSM's cpuLoad)") double cpuLoad,
        @ApiField(description = "Load averages over 1, 5 and 15 minutes") LoadAverage loadAverage,
        @ApiField(description = "Physical memory", unit = "MiB") long memTotal,
        @ApiField(description = "Memory available to new processes", unit = "MiB") long memAvailable,
        @ApiField(description = "memTotal minus memAvailable", unit = "MiB") long memUsed,
        @ApiField(description = "Swap space", unit = "MiB") long swapTotal,
        @ApiField(description = "Free swap space", unit = "MiB") long swapFree,
        @ApiField(description = "Per-NIC traffic by interface name") Map<String, NicStats> network,
        @ApiField(description = "Time since the host booted", unit = "s") long uptime,
        @ApiField(description = "Time since the agent started", unit = "s") long elapsedTime,
        @ApiField(description = "Length of the sampling window the rates cover", unit = "s") double sampleInterval,
        @ApiField(description = "Host time, ISO-8601 UTC") String dateTime,
        @ApiField(description = "VMs the agent knows, in any status", optional = true) Integer vmCount,
        @ApiField(description = "VMs that run (Powering up, Up, Paused, Powering down, Migration Source)",
                optional = true) Integer vmActive,
        @ApiField(description = "VMs migrating to or from this host", optional = true) Integer vmMigrating) {

    /** These statistics with the VM counts set. */
    public HostStats withVmCounts(int count, int active, int migrating) {
        return new HostStats(cpuUser, cpuSys, cpuIdle, cpuLoad, loadAverage, memTotal, memAvailable, memUsed,
                swapTotal, swapFree, network, uptime, elapsedTime, sampleInterval, dateTime, count, active, migrating);
    }
}
