package io.hostbridge.api;

import io.hostbridge.api.host.HostApi;
import io.hostbridge.api.jobs.HostJobsApi;
import io.hostbridge.api.jobs.JobApi;
import io.hostbridge.api.jobs.TaskApi;
import io.hostbridge.api.storage.HostStorageApi;
import io.hostbridge.api.storage.ImageApi;
import io.hostbridge.api.storage.SdmApi;
import io.hostbridge.api.storage.StorageDomainApi;
import io.hostbridge.api.storage.VolumeApi;
import io.hostbridge.api.transfer.HostTransferApi;
import io.hostbridge.api.vm.HostVmApi;
import io.hostbridge.api.vm.VmApi;
import java.util.List;

/** The namespaces that make up the API. A new namespace is added here and implemented in core. */
public final class ApiCatalog {
    /** Version of the API the schema describes. */
    public static final String VERSION = "0.2.0";

    /** Every {@code @ApiNamespace} interface of the API. */
    public static final List<Class<?>> NAMESPACES = List.of(HostApi.class, HostStorageApi.class,
            StorageDomainApi.class, ImageApi.class, VolumeApi.class, SdmApi.class, HostJobsApi.class, JobApi.class,
            TaskApi.class, HostVmApi.class, VmApi.class, HostTransferApi.class);

    private ApiCatalog() {
    }

}
