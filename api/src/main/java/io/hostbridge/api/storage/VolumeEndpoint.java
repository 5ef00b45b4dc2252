package io.hostbridge.api.storage;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A volume named by domain, image and volume ids (VDSM's 'div' endpoint of SDM.copy_data)")
public record VolumeEndpoint(
        @ApiField(description = "Endpoint type; only 'div' (domain, image, volume) is supported", optional = true,
                maxLength = 16, name = "endpoint_type") String endpointType,
        @ApiField(description = "Storage domain id", name = "sd_id") UUID sdId,
        @ApiField(description = "Image id", name = "img_id") UUID imgId,
        @ApiField(description = "Volume id", name = "vol_id") UUID volId) {

    public VolumeEndpoint {
        if (endpointType != null && !endpointType.equals("div")) {
            throw new IllegalArgumentException("endpoint_type must be 'div' (domain, image, volume)");
        }
    }
}
