package io.hostbridge.core.storage;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.spi.Implementation;
import io.hostbridge.api.spi.Lifecycle;
import io.hostbridge.api.storage.HostStorageApi;
import io.hostbridge.api.storage.ImageApi;
import io.hostbridge.api.storage.SdmApi;
import io.hostbridge.api.storage.StorageDomainApi;
import io.hostbridge.api.storage.VolumeApi;
import io.hostbridge.core.spi.VolumeCatalog;
import java.util.Objects;

/** Local storage: localfs domains, images and volumes with qemu-img, and the volume catalog for VMs and transfers. */
public final class StorageModule extends AbstractModule {
    private final StorageSettings settings;

    public StorageModule(StorageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(StorageSettings.class).toInstance(settings);
        bind(DomainRegistry.class).in(Singleton.class);
        bind(Volumes.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), VolumeCatalog.class).setBinding().to(LocalVolumeCatalog.class);
        Multibinder.newSetBinder(binder(), Lifecycle.class).addBinding().to(StorageRecovery.class);
    }

    @ProvidesIntoSet
    Implementation domains(StorageDomainService service) {
        return Implementation.of(StorageDomainApi.class, service);
    }

    @ProvidesIntoSet
    Implementation hostStorage(StorageDomainService service) {
        return Implementation.of(HostStorageApi.class, service);
    }

    @ProvidesIntoSet
    Implementation volumes(VolumeService service) {
        return Implementation.of(VolumeApi.class, service);
    }

    @ProvidesIntoSet
    Implementation images(ImageService service) {
        return Implementation.of(ImageApi.class, service);
    }

    @ProvidesIntoSet
    Implementation sdm(SdmService service) {
        return Implementation.of(SdmApi.class, service);
    }
}
