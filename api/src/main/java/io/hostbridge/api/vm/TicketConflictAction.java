package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** What VM.setTicket does with clients connected with the old password (VDSM's VmTicketConflictAction). */
@ApiType(description = "What a new display password does to connected clients: disconnect them, keep them, or fail"
        + " the call while one is connected")
public enum TicketConflictAction {
    @WireName("disconnect") DISCONNECT,
    @WireName("keep") KEEP,
    @WireName("fail") FAIL
}
