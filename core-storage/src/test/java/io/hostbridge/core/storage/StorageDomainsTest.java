package io.hostbridge.core.storage;

import static io.hostbridge.core.storage.StorageFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.storage.DomainClass;
import io.hostbridge.api.storage.DomainStatus;
import io.hostbridge.api.storage.DomainType;
import io.hostbridge.api.storage.Preallocation;
import io.hostbridge.api.storage.StorageDomainInfo;
import io.hostbridge.api.storage.VolumeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Domains on real directories: creation rules, layout, found again after a restart, activation, format. */
class StorageDomainsTest {
    @TempDir
    Path tmp;


    @Test
    void aDomainHasVdsmsLayoutAndIsFoundAgainAfterARestart() throws Exception {
        UUID id;
        Path dir = Files.createDirectory(tmp.resolve("images"));
        try (StorageFixture storage = new StorageFixture(tmp.resolve("state"))) {
            id = UUID.randomUUID();
            storage.domains.create(id, DomainType.LOCALFS, dir.toString(), "local", DomainClass.DATA, 5);
            assertThat(dir.resolve(id + "/dom_md/metadata")).isRegularFile();
            assertThat(dir.resolve(id + "/images")).isDirectory();
            assertThat(storage.domains.getStorageDomains(null, null, null)).containsExactly(id);
        }
        try (StorageFixture restarted = new StorageFixture(tmp.resolve("state"))) {
            StorageDomainInfo info = restarted.domains.getInfo(id);
            assertThat(info.name()).isEqualTo("local");
            assertThat(info.domainClass()).isEqualTo(DomainClass.DATA);
            assertThat(info.remotePath()).isEqualTo(dir.toRealPath().toString());
            assertThat(info.status()).isEqualTo(DomainStatus.ACTIVE);
            assertThat(restarted.domains.getStorageDomains(null, DomainClass.ISO, null)).isEmpty();
        }
    }

    @Test
    void typeArgsMustBeAnAbsoluteExistingDirectoryOutsideOtherDomains() throws Exception {
        try (StorageFixture storage = new StorageFixture(tmp.resolve("state"))) {
            UUID first = storage.domain(tmp);
            Path inside = storage.registry.get(first).root().resolve("images");
            Path file = Files.createFile(tmp.resolve("file"));
            for (String bad : new String[] {"relative/dir", tmp.resolve("missing").toString(), file.toString(),
                    inside.toString()}) {
                assertThat(code(() -> storage.domains.create(UUID.randomUUID(), DomainType.LOCALFS, bad, "x",
                        DomainClass.DATA, 5))).as(bad).isEqualTo(390);
            }
            assertThat(code(() -> storage.domains.create(first, DomainType.LOCALFS, tmp.toString(), "x",
                    DomainClass.DATA, 5))).isEqualTo(365);
            assertThat(code(() -> storage.domains.getInfo(UUID.randomUUID()))).isEqualTo(358);
        }
    }

    @Test
    void statsCountImagesAndVolumesAndSpace() throws Exception {
        try (StorageFixture storage = new StorageFixture(tmp.resolve("state"))) {
            UUID sd = storage.domain(tmp);
            UUID image = UUID.randomUUID();
            UUID base = UUID.randomUUID();
            storage.volumeService.create(base, sd, image, 1 << 20, VolumeFormat.COW, Preallocation.SPARSE, "", null,
                    null, null, "DATA", null);
            storage.volumeService.create(UUID.randomUUID(), sd, image, 1 << 20, VolumeFormat.COW,
                    Preallocation.SPARSE, "", image, base, null, "DATA", null);
            var stats = storage.domains.getStats(sd);
            assertThat(stats.imageCount()).isEqualTo(1);
            assertThat(stats.volumeCount()).isEqualTo(2);
            assertThat(stats.illegalVolumeCount()).isZero();
            assertThat(stats.disktotal()).isPositive();
            assertThat(stats.diskused() + stats.diskfree()).isEqualTo(stats.disktotal());
            assertThat(storage.domains.getImages(sd)).containsExactly(image);
            assertThat(storage.domains.getVolumes(sd, image, null)).hasSize(2);
        }
    }

    @Test
    void anInactiveDomainRefusesChangesUntilActivated() throws Exception {
        try (StorageFixture storage = new StorageFixture(tmp.resolve("state"))) {
            UUID sd = storage.domain(tmp);
            storage.domains.deactivate(sd, null);
            assertThat(storage.domains.getInfo(sd).status()).isEqualTo(DomainStatus.INACTIVE);
            assertThat(code(() -> storage.volumeService.create(UUID.randomUUID(), sd, UUID.randomUUID(), 512,
                    VolumeFormat.RAW, Preallocation.SPARSE, "", null, null, null, "DATA", null))).isEqualTo(369);
            storage.domains.activate(sd, null);
            storage.volumeService.create(UUID.randomUUID(), sd, UUID.randomUUID(), 512, VolumeFormat.RAW,
                    Preallocation.SPARSE, "", null, null, null, "DATA", null);
        }
    }

    @Test
    void formatRemovesAnEmptyDomainAndANonEmptyOneOnlyWhenForced() throws Exception {
        try (StorageFixture storage = new StorageFixture(tmp.resolve("state"))) {
            UUID sd = storage.domain(tmp);
            Path root = storage.registry.get(sd).root();
            storage.volumeService.create(UUID.randomUUID(), sd, UUID.randomUUID(), 512, VolumeFormat.RAW,
                    Preallocation.SPARSE, "", null, null, null, "DATA", null);
            assertThat(code(() -> storage.domains.format(sd, false))).isEqualTo(361);
            storage.domains.format(sd, true);
            assertThat(root).doesNotExist();
            assertThat(code(() -> storage.domains.getInfo(sd))).isEqualTo(358);
            UUID empty = storage.domain(tmp);
            storage.domains.format(empty, false);
            assertThat(storage.domains.getStorageDomains(null, null, null)).isEmpty();
        }
        try (StorageFixture restarted = new StorageFixture(tmp.resolve("state"))) {
            assertThat(restarted.domains.getStorageDomains(null, null, null)).isEmpty();
        }
    }
}
