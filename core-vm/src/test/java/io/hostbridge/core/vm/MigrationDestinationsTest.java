package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hostbridge.api.BridgeException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket= rule of qemu+unix migration URIs, on real sockets in a run directory of the test's own: a libvirt
 * daemon's socket in a directory named libvirt under the run directory passes; any other socket, a file, a
 * symbolic link leading out, or a path that does not exist is refused.
 */
class MigrationDestinationsTest {
    @TempDir
    Path run;
    private final java.util.List<ServerSocketChannel> sockets = new java.util.ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocketChannel s : sockets) {
            s.close();
        }
    }

    private Path socket(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        sockets.add(s);
        return path;
    }

    private void accepted(String uri) {
        assertThatCode(() -> new MigrationDestinations(run).checkLibvirtUri(uri, "params.dstUri")).as(uri)
                .doesNotThrowAnyException();
    }

    private void refused(String uri) {
        BridgeException e = catchThrowableOfType(BridgeException.class,
                () -> new MigrationDestinations(run).checkLibvirtUri(uri, "params.dstUri"));
        assertThat(e).as(uri).isNotNull();
        assertThat(e.code()).isEqualTo(5002);
        assertThat(e.parameter()).isEqualTo("params.dstUri");
    }

    @Test
    void aLibvirtDaemonSocketUnderTheRunDirectoryPasses() throws IOException {
        Path session = socket(run.resolve("user/1000/libvirt/libvirt-sock"));
        Path modular = socket(run.resolve("libvirt/virtqemud-sock"));
        accepted("qemu+unix:///session?socket=" + session);
        accepted("qemu+unix:///system?socket=" + modular);
    }

    @Test
    void anyOtherSocketOrFileIsRefused() throws IOException {
        Path other = socket(run.resolve("docker.sock"));
        Path misnamed = socket(run.resolve("libvirt/other-sock"));
        Path notInLibvirtDir = socket(run.resolve("user/1000/libvirt-sock"));
        Path file = Files.createDirectories(run.resolve("fake/libvirt")).resolve("libvirt-sock");
        Files.writeString(file, "not a socket");
        refused("qemu+unix:///system?socket=" + other);
        refused("qemu+unix:///system?socket=" + misnamed);
        refused("qemu+unix:///system?socket=" + notInLibvirtDir);
        refused("qemu+unix:///system?socket=" + file);
        refused("qemu+unix:///system?socket=" + run.resolve("libvirt/absent/libvirt/libvirt-sock"));
        refused("qemu+unix:///system?socket=" + run.resolve("libvirt/libvirt-sock") + "&mode=direct");
    }

    @Test
    void aSocketOutsideTheRunDirectoryIsRefusedEvenThroughALinkInside(@TempDir Path elsewhere) throws IOException {
        Path outside = socket(elsewhere.resolve("libvirt/libvirt-sock"));
        Path link = Files.createDirectories(run.resolve("libvirt")).resolve("libvirt-sock");
        Files.createSymbolicLink(link, outside);
        refused("qemu+unix:///system?socket=" + outside);
        refused("qemu+unix:///system?socket=" + link);
    }
}
