package io.hostbridge.api.vm;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.RestMapping;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamMode;
import java.util.UUID;

/**
 * A VM's serial console and display, through data streams on the caller's connection. Part of the VM namespace.
 */
@ApiNamespace(value = "VM", description = "Virtual machines run through libvirt: lifecycle, statistics, migration")
public interface VmStreamApi {

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/console")
    @ApiVerb(description = "Opens the VM's serial console (libvirt's console stream) as a data stream both ways:"
            + " what the caller sends is typed, what the guest writes comes back. One holder at a time: another"
            + " opener is refused unless it forces, which ends the current holder's stream",
            access = AccessLevel.WRITE, since = "0.2", stream = StreamMode.BOTH,
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.CONSOLE_BUSY, ErrorCode.RESOURCE_EXHAUSTED})
    StreamHandler openConsole(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "devname", description = "The console device's alias (e.g. serial0); the first"
                    + " console when absent", optional = true, maxLength = 64) String devname,
            @ApiParam(value = "force", description = "Take the console from its current holder", optional = true,
                    defaultValue = "false") boolean force);

    @RestMapping(method = RestMapping.Method.POST, path = "/vms/{vmID}/screenshot")
    @ApiVerb(description = "The VM's display as a PNG image, through a data stream (out)",
            access = AccessLevel.WRITE, since = "0.2", stream = StreamMode.OUT,
            errors = {ErrorCode.NO_VM, ErrorCode.DOWN, ErrorCode.RESOURCE_EXHAUSTED})
    StreamHandler screenshot(
            @ApiParam(value = "vmID", description = "The VM") UUID vmID,
            @ApiParam(value = "screen", description = "The display's head", optional = true, defaultValue = "0",
                    min = 0, max = 15) int screen);
}
