package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.List;
import java.util.UUID;

/** A running VM's SLA policy: a CPU limit and its drives' I/O limits, applied and kept with the domain. */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmPolicyApi {

    @ApiVerb(description = "Updates the running VM's SLA policy and applies it (what VDSM leaves to MOM): vcpuLimit"
            + " becomes the vCPUs' bandwidth quota (that percent of the host's CPUs over the period, shared by the"
            + " vCPUs); each ioTune entry's maximum becomes the drive's I/O limits; guaranteed values are kept and"
            + " reported. Entries are merged into the VM's policy by drive. The policy is kept in the domain's"
            + " metadata while the VM runs", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS, ErrorCode.MISSING_PARAMETER,
                    ErrorCode.UPDATE_VM_POLICY_FAILED})
    void updateVmPolicy(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The policy") VmPolicy params);

    @ApiVerb(description = "The running VM's drives' I/O policies (VM.updateVmPolicy's ioTune, with name and path"
            + " filled in)", access = AccessLevel.READ, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN})
    List<IoTunePolicy> getIoTunePolicy(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID);
}
