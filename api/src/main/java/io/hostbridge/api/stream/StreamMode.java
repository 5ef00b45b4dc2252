package io.hostbridge.api.stream;

/**
 * Whether a verb opens a data stream, and which way its data flows (libvirt's remote streams: the call returns at
 * once with a stream id, then packets of at most {@link StreamChannel#MAX_PACKET} bytes flow on the caller's
 * connection beside its other calls).
 */
public enum StreamMode {
    /** An ordinary verb. */
    NONE,
    /** Data flows from the caller to the agent (an upload). */
    IN,
    /** Data flows from the agent to the caller (a download). */
    OUT,
    /** Data flows both ways (a console). */
    BOTH;

    /** The name in the schema and on the wire. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean takesData() {
        return this == IN || this == BOTH;
    }

    public boolean sendsData() {
        return this == OUT || this == BOTH;
    }
}
