package io.hostbridge.api.transfer;

import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.WireName;

/** What a transfer ticket allows; {@code write} implies {@code read}, as in imageio. */
@ApiType(description = "An operation an image ticket allows: read (download) or write (upload; implies read)")
public enum TicketOp {
    @WireName("read")
    READ,
    @WireName("write")
    WRITE
}
