package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import java.util.List;
import java.util.UUID;

/**
 * Virtual machines on this host, run through libvirt: VDSM's VM namespace. Operations on one VM run one at a
 * time, in the order they arrive; operations on different VMs run in parallel.
 */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmApi {

    EventTopic<VmStatusEvent> STATUS = EventTopic.of("vm.status", VmStatusEvent.class,
            "A VM changed status (from libvirt's lifecycle events, or a verb of this agent)", "0.2");

    EventTopic<MigrationStatus> MIGRATION = EventTopic.of("vm.migration", MigrationStatus.class,
            "Progress of an outgoing migration: started, progress (about every second), then succeeded, failed"
                    + " or cancelled", "0.2");

    @RestMapping(method = RestMapping.Method.POST, path = "/vms")
    @ApiVerb(description = "Creates and starts a VM. Returns at once with status WaitForLaunch; vm.status events"
            + " follow (Powering up, then Up, or Down with the reason when libvirt refuses it).",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.EXIST, ErrorCode.CREATE_ERR})
    VmInfo create(
            @ApiParam(value = "vmID", description = "The new VM's id") UUID vmID,
            @ApiParam(value = "vmParams", description = "What the VM is made of") VmParams vmParams);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/vms/{vmID}")
    @ApiVerb(description = "Powers the VM off at once (if it runs) and forgets it. A Down VM is only forgotten.",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM})
    void destroy(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/shutdown")
    @ApiVerb(description = "Asks the guest to shut down (or reboot) after delay seconds. With force, powers it off"
            + " when it is not down after timeout seconds. Returns at once; vm.status events follow.",
            access = AccessLevel.WRITE, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
            ErrorCode.MIGRATION_IN_PROGRESS})
    void shutdown(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "delay", description = "Seconds to wait before asking the guest", optional = true,
                    defaultValue = "0", min = 0, max = 3600) int delay,
            @ApiParam(value = "message", description = "Message for the guest's users (logged; this agent has no"
                    + " guest agent to show it)", optional = true, maxLength = 1024) String message,
            @ApiParam(value = "reboot", description = "Reboot instead of powering off", optional = true,
                    defaultValue = "false") boolean reboot,
            @ApiParam(value = "timeout", description = "Seconds the guest gets before force applies; default"
                    + " vm.shutdownTimeout (configuration)", optional = true, min = 1, max = 86_400) Integer timeout,
            @ApiParam(value = "force", description = "Power off when the guest has not shut down after timeout",
                    optional = true, defaultValue = "false") boolean force);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/reset")
    @ApiVerb(description = "Resets the VM, as the reset button of a machine", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void reset(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/pause")
    @ApiVerb(description = "Pauses the VM's vCPUs; returns once it is Paused", access = AccessLevel.WRITE,
            since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void pause(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/cont")
    @ApiVerb(description = "Resumes a paused VM; returns once it is Up", access = AccessLevel.WRITE, since = "0.2",
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.MIGRATION_IN_PROGRESS})
    void cont(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.GET, path = "/vms/{vmID}/stats")
    @ApiVerb(description = "Statistics of the VM (a list of one, as VDSM returns it)", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.NO_VM})
    List<VmStats> getStats(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.GET, path = "/vms/{vmID}")
    @ApiVerb(description = "The VM's parameters, status and runtime facts", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.NO_VM})
    VmInfo getInfo(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/migration")
    @ApiVerb(description = "Starts a live migration of the VM and returns; follow it with VM.getMigrationStatus or"
            + " vm.migration events. The VM is Migration Source meanwhile, and Down (MigrationSucceeded) after."
            + " Admin: the agent connects to the host the caller names and sends it the VM's memory",
            access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.DOWN,
            ErrorCode.MIGRATE_ERR, ErrorCode.MIGRATION_IN_PROGRESS})
    MigrationStatus migrate(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "params", description = "Destination and tuning") MigrateParams params);

    @RestMapping(method = RestMapping.Method.GET, path = "/vms/{vmID}/migration")
    @ApiVerb(description = "Progress of the VM's latest outgoing migration", access = AccessLevel.READ,
            since = "0.2", errors = {ErrorCode.NO_VM})
    MigrationStatus getMigrationStatus(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @RestMapping(method = RestMapping.Method.DELETE, path = "/vms/{vmID}/migration")
    @ApiVerb(description = "Cancels the VM's outgoing migration; the VM stays here and is Up again",
            access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.NO_VM, ErrorCode.MIGRATE_ERR})
    void migrateCancel(@ApiParam(value = "vmID", description = "The VM") UUID vmID);

    @ApiVerb(description = "Destination side of a migration, called by the source agent: expect the VM (status"
            + " Migration Destination until it arrives) and say which libvirt URI to migrate to. Admin: another"
            + " agent, as a host, calls it",
            access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.EXIST})
    MigrationTarget migrationCreate(
            @ApiParam(value = "vmID", description = "The arriving VM") UUID vmID,
            @ApiParam(value = "vmParams", description = "Its parameters, as the source has them") VmParams vmParams);
}
