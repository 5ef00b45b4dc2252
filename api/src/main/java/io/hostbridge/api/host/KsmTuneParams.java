package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Kernel same-page merging settings (VDSM's KsmTuneParams): the files of /sys/kernel/mm/ksm")
public record KsmTuneParams(
        @ApiField(description = "0 stop merging, 1 merge pages, 2 stop and unmerge every merged page", optional = true,
                min = 0, max = 2) Integer run,
        @ApiField(description = "Milliseconds to sleep between scans", optional = true, min = 0, max = 60_000,
                name = "sleep_millisecs") Integer sleepMillisecs,
        @ApiField(description = "Pages to scan before sleeping", optional = true, min = 0, max = 100_000,
                name = "pages_to_scan") Integer pagesToScan,
        @ApiField(description = "1 merge pages of different NUMA nodes, 0 only within a node (the kernel takes a"
                + " change only while no page is merged: run 2 first)", optional = true, min = 0, max = 1,
                name = "merge_across_nodes") Integer mergeAcrossNodes) {

    public KsmTuneParams {
        if (run == null && sleepMillisecs == null && pagesToScan == null && mergeAcrossNodes == null) {
            throw new IllegalArgumentException("nothing to set: give run, sleep_millisecs, pages_to_scan or"
                    + " merge_across_nodes");
        }
    }
}
