package io.hostbridge.api.nbd;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "What NBD.start_server exports (VDSM's NBDServerConfig)")
public record NbdServerConfig(
        @ApiField(description = "Storage domain id", name = "sd_id") UUID sdId,
        @ApiField(description = "Image id", name = "img_id") UUID imgId,
        @ApiField(description = "Volume id", name = "vol_id") UUID volId,
        @ApiField(description = "Export read-only; default false", optional = true) Boolean readonly,
        @ApiField(description = "Accepted for compatibility: a writable export always passes discards to the file",
                optional = true) Boolean discard,
        @ApiField(description = "Accepted for compatibility: a writable export always writes zeros as holes",
                optional = true, name = "detect_zeroes") Boolean detectZeroes,
        @ApiField(description = "Export the volume with its backing chain (default) or its own layer alone",
                optional = true, name = "backing_chain") Boolean backingChain,
        @ApiField(description = "Also export this dirty bitmap of the volume (NBD's qemu:dirty-bitmap:<name>"
                + " context), for incremental backups; read-only exports only", optional = true) UUID bitmap) {
}
