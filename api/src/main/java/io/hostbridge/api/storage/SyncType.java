package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;

/** Which volumes Image.syncData copies (VDSM's syncType). */
@ApiType(description = "Which volumes of an image Image.syncData copies: ALL, INTERNAL (every one but the leaf) or LEAF")
public enum SyncType {
    ALL,
    INTERNAL,
    LEAF
}
