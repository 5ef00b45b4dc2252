package io.hostbridge.api.host;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
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
}
