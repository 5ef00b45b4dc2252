package io.hostbridge.core.storage;

import java.time.Duration;

/**
 * Settings of the storage part of the core.
 *
 * @param copyRateLimit most bytes per second one copy job writes (qemu-img convert -r); 0 for no limit
 * @param lockTimeout   how long an operation waits for a volume or domain another operation holds
 */
public record StorageSettings(long copyRateLimit, Duration lockTimeout) {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    public StorageSettings {
        if (copyRateLimit < 0) {
            throw new IllegalArgumentException("storage.copyRateLimit must not be negative, got " + copyRateLimit);
        }
        if (lockTimeout == null || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must be zero or positive");
        }
    }

    public static StorageSettings defaults() {
        return new StorageSettings(0, DEFAULT_LOCK_TIMEOUT);
    }
}
