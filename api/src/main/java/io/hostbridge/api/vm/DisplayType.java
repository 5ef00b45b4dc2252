package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** A VM's graphical console. */
@ApiType(description = "A VM's graphical console: vnc (a VGA screen served over VNC) or qxl (a QXL screen served over"
        + " SPICE, VDSM's name), on 127.0.0.1, its password set by VM.setTicket")
public enum DisplayType {
    @WireName("vnc") VNC,
    /** SPICE with a QXL screen: VDSM's name for it. */
    @WireName("qxl") SPICE
}
