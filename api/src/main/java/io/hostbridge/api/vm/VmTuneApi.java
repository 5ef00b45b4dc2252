package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.UUID;

/** Changes to a running VM's resources and its guest's file systems, in the VM's turn as every VM verb. */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmTuneApi {

    @RestMapping(method = RestMapping.Method.PUT, path = "/vms/{vmID}/balloon")
    @ApiVerb(description = "Sets the memory the balloon gives the guest (libvirt's setMemory, live); at most the VM's"
            + " memory. VM.getStats reports it as balloonCurrent once the guest follows (at once on a guest"
            + " without a balloon driver, which keeps all its memory)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void setBalloonTarget(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "target", description = "Memory for the guest in KiB, from 1 MiB up to the VM's memSize",
                    min = 1024) long target);

    @ApiVerb(description = "Sets the number of the running VM's vCPUs, live, from 1 up to its smp (the maximum its"
            + " domain was started with); returns the VM as VM.getInfo gives it, whose smp stays that maximum."
            + " VM.getStats reports the live count as vcpuCount", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    VmInfo setNumberOfCpus(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "numberOfCpus", description = "vCPUs the VM should have", min = 1, max = 256)
            int numberOfCpus);

    @RestMapping(method = RestMapping.Method.GET, path = "/vms/{vmID}/iotune")
    @ApiVerb(description = "The I/O limits of each of the running VM's drives, from libvirt", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN})
    List<DriveIoTune> getIoTune(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.PUT, path = "/vms/{vmID}/iotune")
    @ApiVerb(description = "Sets I/O limits of the running VM's drives, live (libvirt's block I/O tuning); limits a"
            + " tunable leaves out become 0 (none). Every drive is checked before any is changed",
            access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void setIoTune(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "tunables", description = "Drives and their limits", maxItems = 26)
            List<DriveIoTune> tunables);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/freeze")
    @ApiVerb(description = "Freezes the guest's mounted file systems through its guest agent (before a snapshot);"
            + " fails when no guest agent answers", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void freeze(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/thaw")
    @ApiVerb(description = "Thaws the guest's file systems frozen by VM.freeze", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void thaw(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @ApiVerb(description = "Sets the running VM's vCPU bandwidth quota in microseconds per period (libvirt's"
            + " vcpu_quota, live): -1 (or any negative value) for no limit", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void setCpuTuneQuota(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "quota", description = "Microseconds each vCPU may run per period, 1000 to"
                    + " 17592186044415; negative for no limit", min = -1, max = 17_592_186_044_415L) long quota);

    @ApiVerb(description = "Sets the running VM's vCPU bandwidth period in microseconds (libvirt's vcpu_period,"
            + " live)", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void setCpuTunePeriod(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "period", description = "Period in microseconds", min = 1000, max = 1_000_000)
            long period);

    @ApiVerb(description = "Changes the bandwidth limit of the VM's outgoing migration while it runs (libvirt's"
            + " migration max speed); refused when no migration of the VM runs", access = AccessLevel.ADMIN,
            since = "0.2", errors = {ErrorCode.NO_VM})
    void migrateChangeParams(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "The new parameters") MigrationParameters params);

    @ApiVerb(description = "From now on, a reboot the guest makes powers the VM off instead: it ends Down with"
            + " exitReason DestroyedOnReboot (a manager then starts it again with new parameters). Kept while the"
            + " agent runs", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN})
    void setDestroyOnReboot(@ApiParam(value = "vmID", description = "The VM") UUID vmID);
}
