package io.hostbridge.core.transfer;

import java.time.Duration;

/**
 * Settings of image transfers.
 *
 * @param maxReaders       connections that may read one ticket at the same time (advertised to clients)
 * @param maxWriters       connections that may write one ticket at the same time (advertised to clients)
 * @param progressInterval least time between two {@code transfer.progress} events of one ticket
 * @param bufferSize       bytes read at a time when computing checksums and reading without zero-copy
 */
public record TransferSettings(int maxReaders, int maxWriters, Duration progressInterval, int bufferSize) {
    public TransferSettings {
        if (maxReaders < 1 || maxWriters < 1) {
            throw new IllegalArgumentException("imageio.maxReaders and imageio.maxWriters must be at least 1, got "
                    + maxReaders + " and " + maxWriters);
        }
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("progress interval must not be negative, got " + progressInterval);
        }
        if (bufferSize < 4096 || bufferSize > 64 << 20) {
            throw new IllegalArgumentException("imageio.bufferSize must be between 4096 and 64 MiB, got " + bufferSize);
        }
    }

    public static TransferSettings defaults() {
        return new TransferSettings(8, 8, Duration.ofSeconds(1), 1 << 20);
    }
}
