package io.hostbridge.bridge.stream;

import java.time.Duration;

/**
 * Bounds on data streams (the {@code streams.*} keys).
 *
 * @param maxStreams    most streams open at once; more are refused with code 1100
 * @param maxPerCaller  most streams one caller may have open at once; more are refused with code 1100
 * @param bufferBytes   most bytes a stream keeps from its caller that its handler has not taken yet
 * @param attachTimeout how long a stream waits for its caller to attach it, then it is dropped
 * @param idleTimeout   how long an upload or download may go without a packet either way, then it is aborted
 *                      (a console has no such limit)
 * @param stallTimeout  how long a caller's packet waits for room in a full buffer before the stream ends with 1100
 */
public record StreamLimits(int maxStreams, int maxPerCaller, int bufferBytes, Duration attachTimeout,
                           Duration idleTimeout, Duration stallTimeout) {
    public static final StreamLimits DEFAULTS = new StreamLimits(64, 8, 16 * 1024 * 1024, Duration.ofSeconds(30),
            Duration.ofMinutes(10), Duration.ofSeconds(10));

    public StreamLimits {
        if (maxStreams < 1 || maxPerCaller < 1) {
            throw new IllegalArgumentException("'streams.max' and 'streams.maxPerCaller' must be at least 1");
        }
        if (bufferBytes < 2 * io.hostbridge.api.stream.StreamChannel.MAX_PACKET) {
            throw new IllegalArgumentException("'streams.bufferBytes' must be at least 524288 (two packets), got "
                    + bufferBytes);
        }
        if (attachTimeout.isNegative() || attachTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || stallTimeout.isNegative()) {
            throw new IllegalArgumentException("'streams.attachTimeout' and 'streams.idleTimeout' must be positive,"
                    + " 'streams.stallTimeout' not negative");
        }
    }
}
