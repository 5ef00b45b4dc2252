package io.hostbridge.core.storage;

import io.hostbridge.api.storage.SdmApi;
import io.hostbridge.api.storage.VolumeEndpoint;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The SDM namespace: copy_data. */
@Singleton
final class SdmService implements SdmApi {
    private final VolumeCopier copier;

    @Inject
    SdmService(VolumeCopier copier) {
        this.copier = copier;
    }

    @Override
    public void copy_data(UUID jobId, VolumeEndpoint source, VolumeEndpoint destination) {
        copier.copyData(jobId, endpoint(source), endpoint(destination));
    }

    private static VolumeCopier.Endpoint endpoint(VolumeEndpoint e) {
        return new VolumeCopier.Endpoint(e.sdId(), e.imgId(), e.volId());
    }
}
