package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "Operating system of the host")
public record OperatingSystem(
        @ApiField(description = "Distribution family, e.g. Debian GNU/Linux") String name,
        @ApiField(description = "Distribution version, e.g. 12") String version,
        @ApiField(description = "Distribution code name, e.g. bookworm", optional = true) String codeName) {
}
