package io.hostbridge.core.storage;

import io.hostbridge.api.spi.Lifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, before any call is served: finishes deletions that a stop cut short, removes volumes whose creation
 * never finished (ILLEGAL with a creating job), and reports the other ILLEGAL volumes (a copy_data destination cut
 * short), which stay ILLEGAL so that nothing uses them.
 */
@Singleton
final class StorageRecovery implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StorageRecovery.class);
    private final DomainRegistry domains;

    @Inject
    StorageRecovery(DomainRegistry domains) {
        this.domains = domains;
    }

    @Override
    public String name() {
        return "storage-recovery";
    }

    @Override
    public int phase() {
        return -10;
    }

    @Override
    public void start() {
        for (LocalDomain domain : domains.all()) {
            for (VolumeMetadata volume : List.copyOf(domain.volumes())) {
                if (volume.deleting()) {
                    LOG.info("Domain {}: finishing the deletion of volume {}", domain.id(), volume.uuid());
                    Volumes.removeQuietly(domain, volume);
                } else if (!volume.isLegal() && volume.creatingJob() != null) {
                    LOG.warn("Domain {}: removing volume {} of image {}, whose creation (job {}) did not finish",
                            domain.id(), volume.uuid(), volume.image(), volume.creatingJob());
                    Volumes.removeQuietly(domain, volume);
                } else if (!volume.isLegal()) {
                    LOG.warn("Domain {}: volume {} of image {} is ILLEGAL (a write to it did not finish); it will not"
                            + " be used until it is overwritten or deleted", domain.id(), volume.uuid(), volume.image());
                }
            }
        }
    }

    @Override
    public void stop() {
        // nothing held
    }
}
