package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "A persistent dirty bitmap of a qcow2 volume, as qemu-img reports it")
public record Qcow2BitmapInfo(
        @ApiField(description = "Bitmap name (VDSM names its bitmaps by checkpoint UUID)") String name,
        @ApiField(description = "Bytes of guest data one bit of the bitmap covers", unit = "bytes") long granularity,
        @ApiField(description = "qemu's flags: 'auto' (tracks every write), 'in-use' (not saved cleanly: its"
                + " content cannot be trusted)") List<String> flags) {
}
