package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiVerb;
import java.util.Map;

/** The host's view of its VMs' SLA policies. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostVmPolicyApi {

    @ApiVerb(description = "Every running VM's I/O policies and its drives' current limits, by VM id; a VM whose"
            + " limits cannot be read now is left out", access = AccessLevel.READ, since = "0.2")
    Map<String, VmIoTunePolicies> getAllVmIoTunePolicies();
}
