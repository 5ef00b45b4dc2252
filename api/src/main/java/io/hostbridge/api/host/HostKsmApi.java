package io.hostbridge.api.host;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;

/** The host kernel's memory merging (KSM). */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostKsmApi {

    @ApiVerb(description = "Sets the kernel's same-page merging (KSM) settings given, in the order merge_across_nodes,"
            + " sleep_millisecs, pages_to_scan, run; each written to its /sys/kernel/mm/ksm file. Admin: it changes"
            + " how the host's memory is shared. Fails naming the setting the kernel refused (the ones before it"
            + " are set)", access = AccessLevel.ADMIN, since = "0.2", errors = {ErrorCode.GENERAL})
    void setKsmTune(@ApiParam(value = "tuningParams", description = "The settings to change") KsmTuneParams tuningParams);
}
