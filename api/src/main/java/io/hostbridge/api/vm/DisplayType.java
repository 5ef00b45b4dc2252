package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** A VM's graphical console. */
@ApiType(description = "A VM's graphical console: vnc (a VGA screen served over VNC, password set by VM.setTicket)")
public enum DisplayType {
    @WireName("vnc") VNC
}
