package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiType;

/** What Image.move does with the source (VDSM's ImageMoveOperation). */
@ApiType(description = "COPY keeps the source image; MOVE deletes it once the copy is done")
public enum ImageMoveOperation {
    COPY,
    MOVE
}
