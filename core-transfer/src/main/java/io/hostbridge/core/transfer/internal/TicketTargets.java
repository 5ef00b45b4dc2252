package io.hostbridge.core.transfer.internal;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.Printable;
import io.hostbridge.api.transfer.ImageTicket;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.core.spi.VolumeCatalog;
import io.hostbridge.core.spi.VolumeCatalog.Format;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what a ticket points at: a volume of a storage domain, by ids or by the {@code file://} URL of its file
 * (a LEGAL raw volume's, nothing else in the domain), or an NBD export this agent serves, by its {@code nbd:unix:}
 * URL.
 */
final class TicketTargets {
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final String NBD_PREFIX = "nbd:unix:";
    private static final String EXPORT_NAME = ":exportname=";
    private final Optional<VolumeCatalog> catalog;
    private final Set<NbdExports> exports;

    TicketTargets(Optional<VolumeCatalog> catalog, Set<NbdExports> exports) {
        this.catalog = catalog;
        this.exports = exports;
    }

    /**
     * A resolved target: the file and its format, or an NBD export of this agent (then {@code path} is its socket).
     */
    record Target(Path path, Format format, Optional<NbdExports.Export> export) {
        Target(Path path, Format format) {
            this(path, format, Optional.empty());
        }
    }

    Target resolve(ImageTicket ticket) {
        boolean anyId = ticket.storageDomainId() != null || ticket.imageId() != null || ticket.volumeId() != null;
        if (anyId && ticket.url() != null) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket: give either storagedomainID, imageID and volumeID, or url, not both");
        }
        if (!anyId && ticket.url() == null) {
            throw BridgeException.forParameter(ErrorCode.MISSING_PARAMETER, "ticket.volumeID",
                    "ticket: the target is missing: give storagedomainID, imageID and volumeID, or a file:// url");
        }
        if (!anyId && ticket.url().startsWith(NBD_PREFIX)) {
            return byNbdUrl(ticket);
        }
        VolumeCatalog volumes = catalog.orElseThrow(() -> BridgeException.of(ErrorCode.UNAVAILABLE,
                "No storage is set up on this host: image tickets need a storage domain"));
        return anyId ? byIds(ticket, volumes) : byUrl(ticket.url(), volumes);
    }

    /**
     * {@code nbd:unix:<socket>:exportname=<name>}, as VDSM and imageio spell it: only an export this agent serves
     * (a running backup's disk, an NBD.start_server export), never another socket of the host.
     */
    private Target byNbdUrl(ImageTicket ticket) {
        String url = ticket.url();
        int at = url.lastIndexOf(EXPORT_NAME);
        String socket = at < 0 ? "" : url.substring(NBD_PREFIX.length(), at);
        String name = at < 0 ? "" : url.substring(at + EXPORT_NAME.length());
        if (!socket.startsWith("/") || name.isEmpty() || url.chars().anyMatch(Character::isISOControl)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url", "ticket.url: an NBD URL is"
                    + " nbd:unix:<absolute socket path>:exportname=<name>, got '" + Printable.of(url) + "'");
        }
        Path path;
        try {
            path = Path.of(socket).normalize();
        } catch (IllegalArgumentException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: not a valid socket path: '" + Printable.of(url) + "'");
        }
        NbdExports.Export export = exports.stream().map(e -> e.find(path, name)).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> BridgeException.forParameter(ErrorCode.INVALID_PARAMETER,
                        "ticket.url", "ticket.url: not an NBD export this agent serves (a running backup's disk or"
                                + " an NBD server it started): '" + Printable.of(url) + "'"));
        if (ticket.ops().contains(TicketOp.WRITE) && !export.writable()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.ops",
                    "ticket.ops: the NBD export is read-only; only read is allowed");
        }
        if (Boolean.TRUE.equals(ticket.dirty()) && export.dirtyBitmap().isEmpty()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.dirty",
                    "ticket.dirty: the NBD export has no dirty bitmap (only an incremental backup's disks have one)");
        }
        return new Target(export.socket(), Format.RAW, Optional.of(export));
    }

    private static Target byIds(ImageTicket ticket, VolumeCatalog volumes) {
        requireId(ticket.storageDomainId(), "storagedomainID");
        requireId(ticket.imageId(), "imageID");
        requireId(ticket.volumeId(), "volumeID");
        VolumeCatalog.Volume volume = volumes.resolve(ticket.storageDomainId(), ticket.imageId(), ticket.volumeId());
        return new Target(volume.path(), volume.format());
    }

    private static void requireId(Object id, String name) {
        if (id == null) {
            throw BridgeException.forParameter(ErrorCode.MISSING_PARAMETER, "ticket." + name,
                    "ticket." + name + " is required with the other volume ids");
        }
    }

    /**
     * A file URL is taken as a raw image, as imageio's file backend does. A qcow2 file is refused: its raw bytes
     * are not the guest's, and a client writing them could point its backing file anywhere on the host.
     */
    private static Target byUrl(String url, VolumeCatalog volumes) {
        if (!url.startsWith("file:///")) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: only file:// URLs of absolute paths are accepted, got '" + Printable.of(url) + "'");
        }
        Path real;
        try {
            URI uri = new URI(url);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(url, "query or fragment");
            }
            real = Path.of(uri).toRealPath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: not a valid file URL: '" + Printable.of(url) + "'");
        } catch (IOException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: no such file: '" + Printable.of(url) + "'");
        }
        // only a volume's own file: a domain's metadata, a volume's .meta or any other file there is not data
        Optional<VolumeCatalog.Volume> volume = Files.isRegularFile(real) ? volumes.volumeAt(real) : Optional.empty();
        if (volume.isEmpty()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: not the file of a LEGAL volume of an active storage domain: '" + Printable.of(url)
                            + "'");
        }
        if (volume.get().format() == Format.QCOW2 || isQcow2(real)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: '" + Printable.of(url) + "' is a qcow2 volume: name it by storagedomainID, imageID "
                            + "and volumeID to transfer its guest-visible data");
        }
        return new Target(real, Format.RAW);
    }

    private static boolean isQcow2(Path file) {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(QCOW2_MAGIC.length);
        } catch (IOException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "ticket.url",
                    "ticket.url: the file cannot be read: " + e.getClass().getSimpleName());
        }
        return Arrays.equals(magic, QCOW2_MAGIC);
    }
}
