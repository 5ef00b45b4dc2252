package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;
import java.util.Map;

/** Static facts about the host, with VDSM's key names where VDSM has them. */
@ApiType(description = "Static facts about the host")
public record HostCapabilities(
        @ApiField(description = "Host id: persisted UUID (the hardware UUID when readable)") String hostId,
        @ApiField(description = "Same as hostId (VDSM's name)") String uuid,
        @ApiField(description = "Host name") String hostname,
        @ApiField(description = "CPU model name") String cpuModel,
        @ApiField(description = "CPU vendor") String cpuVendor,
        @ApiField(description = "Physical CPU sockets") int cpuSockets,
        @ApiField(description = "Physical CPU cores, all sockets") int cpuCores,
        @ApiField(description = "Logical CPUs (hardware threads)") int cpuThreads,
        @ApiField(description = "Nominal CPU frequency", unit = "MHz") double cpuSpeed,
        @ApiField(description = "CPU flags, comma-separated (VDSM format)") String cpuFlags,
        @ApiField(description = "Physical memory", unit = "MiB") long memSize,
        @ApiField(description = "Swap space", unit = "MiB") long swapSize,
        @ApiField(description = "True when /dev/kvm is usable by the agent") boolean kvmEnabled,
        @ApiField(description = "Operating system") OperatingSystem operatingSystem,
        @ApiField(description = "Kernel release, as uname -r") String kernel,
        @ApiField(description = "Network interfaces by name") Map<String, NicInfo> nics,
        @ApiField(description = "Host boot time", unit = "s since the epoch") long bootTime,
        @ApiField(description = "hostbridge version") String softwareVersion,
        @ApiField(description = "API (schema) version served") String apiVersion,
        @ApiField(description = "Protocol bindings enabled on this agent: rest, jsonrpc, xmlrpc, amqp") List<String> supportedProtocols) {
}
