package io.hostbridge.core.storage;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import java.io.IOException;
import java.util.UUID;

/** The storage errors, with caller-safe messages that name ids, never host paths. */
final class StorageErrors {
    private StorageErrors() {
    }

    static BridgeException noDomain(UUID domain) {
        return BridgeException.of(ErrorCode.STORAGE_DOMAIN_DOES_NOT_EXIST, "Storage domain does not exist: " + domain);
    }

    static BridgeException inactive(UUID domain) {
        return BridgeException.of(ErrorCode.STORAGE_DOMAIN_NOT_ACTIVE, "Storage domain " + domain
                + " is not active; StorageDomain.activate it first");
    }

    static BridgeException noVolume(UUID domain, UUID image, UUID volume) {
        return BridgeException.of(ErrorCode.VOLUME_DOES_NOT_EXIST, "Volume does not exist: " + volume + " (image "
                + image + ", domain " + domain + ")");
    }

    static BridgeException noImage(UUID domain, UUID image) {
        return BridgeException.of(ErrorCode.IMAGE_DOES_NOT_EXIST, "Image does not exist in domain: " + image
                + " (domain " + domain + ")");
    }

    static BridgeException illegal(UUID volume) {
        return BridgeException.of(ErrorCode.ILLEGAL_VOLUME, "Volume " + volume + " is ILLEGAL (being written, or left"
                + " incomplete by a failure) and cannot be used");
    }

    static BridgeException inUse(UUID volume, String user) {
        return BridgeException.of(ErrorCode.VOLUME_IS_BUSY, "Volume " + volume + " is in use by " + user);
    }

    static BridgeException hasChildren(UUID volume, java.util.List<UUID> children) {
        return BridgeException.of(ErrorCode.VOLUME_HAS_CHILDREN, "Volume " + volume + " is the parent of "
                + children.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(", ")));
    }

    static BridgeException busyImage(UUID image) {
        return BridgeException.of(ErrorCode.RESOURCE_TIMEOUT, "Image " + image + " changed while it was being locked;"
                + " try again");
    }

    static BridgeException noSpace(UUID domain, long needed, long free) {
        return BridgeException.of(ErrorCode.NO_SPACE_LEFT_ON_DOMAIN, "No space left on domain " + domain + ": "
                + needed + " bytes needed, " + free + " free");
    }

    static BridgeException diskFull(UUID domain) {
        return BridgeException.of(ErrorCode.NO_SPACE_LEFT_ON_DOMAIN, "No space left on domain " + domain
                + ": its file system filled up during the write; nothing was left behind");
    }

    /** True when an I/O failure is a full file system (ENOSPC; Java reports it only in the message). */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof QemuImg.Failure f && f.diskFull()) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && t.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
