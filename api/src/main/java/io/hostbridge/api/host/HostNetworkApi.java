package io.hostbridge.api.host;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;

/** The host's network, as it is now. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostNetworkApi {

    @RestMapping(method = RestMapping.Method.GET, path = "/host/network/stats")
    @ApiVerb(description = "Every network interface's counters since boot (bytes, errors, drops), its state and"
            + " speed, read now; Host.getStats has the rates", access = AccessLevel.READ, since = "0.2",
            servedDuringRecovery = true)
    NetworkStatistics getNetworkStatistics();

    @RestMapping(method = RestMapping.Method.GET, path = "/host/network")
    @ApiVerb(description = "The host's NICs, bridges (with their ports), bonds (with their slaves and mode) and VLANs"
            + " (with their device and id), each with its addresses, MTU and state, its DNS servers and whether it"
            + " has IPv6, read now from the kernel", access = AccessLevel.READ, since = "0.2",
            servedDuringRecovery = true)
    NetworkCapabilities getNetworkCapabilities();

    @ApiVerb(description = "The host's local disks from sysfs (not loop, RAM, zram or NBD devices): size, block sizes,"
            + " vendor, model, serial, partitions, whether something holds them; all of them, or those of guids",
            access = AccessLevel.READ, since = "0.2")
    java.util.List<BlockDeviceInfo> getDeviceList(
            @ApiParam(value = "storageType", description = "Accepted for compatibility: every device is local",
                    optional = true, maxLength = 16) String storageType,
            @ApiParam(value = "guids", description = "Only these devices (GUID or kernel name)", optional = true,
                    maxItems = 256) java.util.List<String> guids,
            @ApiParam(value = "checkStatus", description = "Accepted for compatibility: the status is always read",
                    optional = true, defaultValue = "true") boolean checkStatus,
            @ApiParam(value = "refresh", description = "Accepted for compatibility: the devices are read now",
                    optional = true, defaultValue = "false") boolean refresh);
}
