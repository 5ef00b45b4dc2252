package io.hostbridge.core.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the VM part.
 *
 * @param libvirtUri        libvirt connection URI ({@code test:///default} embedded; {@code qemu:///system} for
 *                          real VMs)
 * @param domainType        {@code auto}, {@code test}, {@code kvm} or {@code qemu} (see {@link DomainTypes})
 * @param migrationUri      libvirt URI a source host uses to reach this host's libvirt when migrating a VM here;
 *                          blank for {@code libvirtUri}
 * @param isoDir            directory whose regular files VMs may use as drives by path (ISO images) and as kernel
 *                          and initrd; blank for none. Other host files a VM may use are storage volumes only
 * @param backupDir         where running backups keep their NBD socket and scratch files, one directory per backup
 *                          owned by the VM's QEMU user (whose user must be able to reach it); blank for
 *                          {@code <stateDir>/backup}
 * @param shutdownTimeout   how long {@code VM.shutdown} gives the guest when the caller gives no timeout
 * @param reconnectDelay    first delay before reconnecting to libvirt after the connection is lost
 * @param maxReconnectDelay longest delay between reconnection attempts
 */
public record VmSettings(String libvirtUri, String domainType, String migrationUri, String isoDir,
                         String backupDir, Duration shutdownTimeout, Duration reconnectDelay, Duration maxReconnectDelay) {

    public static final String DEFAULT_URI = "test:///default";
    private static final Set<String> DOMAIN_TYPES = Set.of("auto", "test", "kvm", "qemu");

    public VmSettings {
        Objects.requireNonNull(libvirtUri, "libvirtUri");
        if (libvirtUri.isBlank()) {
            throw new IllegalArgumentException("vm.libvirtUri must not be blank");
        }
        Objects.requireNonNull(domainType, "domainType");
        if (!DOMAIN_TYPES.contains(domainType)) {
            throw new IllegalArgumentException("vm.domainType must be one of auto, test, kvm, qemu; got '"
                    + domainType + "'");
        }
        migrationUri = migrationUri == null || migrationUri.isBlank() ? libvirtUri : migrationUri;
        isoDir = isoDir == null ? "" : isoDir.strip();
        if (!isoDir.isEmpty() && !Path.of(isoDir).isAbsolute()) {
            throw new IllegalArgumentException("vm.isoDir must be an absolute path or empty; got '" + isoDir + "'");
        }
        backupDir = backupDir == null ? "" : backupDir.strip();
        if (!backupDir.isEmpty() && !Path.of(backupDir).isAbsolute()) {
            throw new IllegalArgumentException("vm.backupDir must be an absolute path or empty; got '" + backupDir
                    + "'");
        }
        requirePositive(shutdownTimeout, "vm.shutdownTimeout");
        requirePositive(reconnectDelay, "vm.reconnectDelay");
        requirePositive(maxReconnectDelay, "vm.maxReconnectDelay");
    }

    /** The embedded defaults: the test driver, 60 s shutdown timeout, reconnecting from 0.5 s up to 10 s. */
    public static VmSettings defaults() {
        return new VmSettings(DEFAULT_URI, "auto", "", "", "", Duration.ofSeconds(60), Duration.ofMillis(500),
                Duration.ofSeconds(10));
    }

    public VmSettings withLibvirtUri(String uri) {
        return new VmSettings(uri, domainType, "", isoDir, backupDir, shutdownTimeout, reconnectDelay,
                maxReconnectDelay);
    }

    public VmSettings withIsoDir(String dir) {
        return new VmSettings(libvirtUri, domainType, migrationUri, dir, backupDir, shutdownTimeout,
                reconnectDelay, maxReconnectDelay);
    }

    /** Where running backups keep their files: {@code backupDir}, or {@code <stateDir>/backup}. */
    public Path backupDirectory(Path stateDir) {
        return backupDir.isEmpty() ? stateDir.resolve("backup") : Path.of(backupDir);
    }

    /** The ISO directory, when one is configured. */
    public Optional<Path> isoDirectory() {
        return isoDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(isoDir));
    }

    private static void requirePositive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
    }
}
