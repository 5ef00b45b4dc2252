package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.UUID;

/** The VM verbs of VDSM's Host namespace. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostVmApi {

    @ApiVerb(description = "The VMs on this host: with onlyUUID their ids (strings); with fullStatus their VmInfo;"
            + " otherwise objects with vmId and status", access = AccessLevel.READ, since = "0.2")
    List<Object> getVMList(
            @ApiParam(value = "fullStatus", description = "Return VmInfo entries", optional = true,
                    defaultValue = "false") boolean fullStatus,
            @ApiParam(value = "vmList", description = "Only these VMs (unknown ids are left out)", optional = true)
            List<UUID> vmList,
            @ApiParam(value = "onlyUUID", description = "Return only the ids", optional = true,
                    defaultValue = "false") boolean onlyUUID);

    @RestMapping(method = RestMapping.Method.GET, path = "/vms")
    @ApiVerb(description = "VmInfo of the VMs on this host", access = AccessLevel.READ, since = "0.2")
    List<VmInfo> getVMFullList(
            @ApiParam(value = "vmList", description = "Only these VMs (unknown ids are left out)", optional = true)
            List<UUID> vmList);

    @RestMapping(method = RestMapping.Method.GET, path = "/vms/stats")
    @ApiVerb(description = "Statistics of every VM on this host", access = AccessLevel.READ, since = "0.2")
    List<VmStats> getAllVmStats();

    @ApiVerb(description = "The libvirt domain XML of each VM that runs (as libvirt reports it, without secrets such"
            + " as console passwords), by VM id; all VMs when vmList is absent, VMs that are down left out. Admin:"
            + " the XML names host paths"
            + " and devices", access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.NO_VM})
    java.util.Map<String, String> dumpxmls(
            @ApiParam(value = "vmList", description = "Only these VMs; an unknown id is an error (1)", optional = true,
                    maxItems = 1024) List<UUID> vmList);

    @ApiVerb(description = "The host's devices from libvirt's node devices, by name, with their capability, parent,"
            + " driver, vendor and product; only those of the given capabilities when caps is given (read only:"
            + " nothing is detached or assigned)", access = AccessLevel.READ, since = "0.2")
    java.util.Map<String, HostDevice> hostdevListByCaps(
            @ApiParam(value = "caps", description = "Capability types, e.g. pci, usb_device, net; all when absent",
                    optional = true, maxItems = 32) List<String> caps);

    @ApiVerb(description = "Defines libvirt secrets (private: libvirt never hands their values back) for VM disks on"
            + " network storage, with their values; with clear, first removes every secret this agent registered"
            + " before that is not in the list (secrets others defined stay). Admin: the values are credentials",
            access = AccessLevel.ADMIN, since = "0.2")
    void registerSecrets(
            @ApiParam(value = "secrets", description = "The secrets", maxItems = 256) List<SecretInfo> secrets,
            @ApiParam(value = "clear", description = "Remove this agent's other secrets first", optional = true,
                    defaultValue = "false") boolean clear);

    @ApiVerb(description = "Removes libvirt secrets by id; unknown ids are skipped", access = AccessLevel.ADMIN,
            since = "0.2")
    void unregisterSecrets(
            @ApiParam(value = "uuids", description = "The secrets' ids", maxItems = 256) List<UUID> uuids);
}
