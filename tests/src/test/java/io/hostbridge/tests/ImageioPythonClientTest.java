package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance bar: oVirt's own imageio client (ovirt-imageio 2.5.1, unmodified, built from its source
 * distribution by scripts/imageio-client.sh) uploads, downloads, inspects and checksums images through this
 * server, as it does on its own host: it verifies the host certificate against the agent's CA over TLS, then
 * switches to the advertised unix socket.
 */
class ImageioPythonClientTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("imageio.tls", "true"));
    static final ImageTickets tickets = new ImageTickets(agent, true);
    static final long SIZE = 64L * MiB;

    static Path imageio;
    static String unavailable;

    @TempDir
    Path tmp;

    @BeforeAll
    static void client() throws Exception {
        Path script = Path.of(System.getProperty("hostbridge.repo"), "scripts/imageio-client.sh");
        Shell.Result r = Shell.run(List.of(script.toString()), 600);
        if (r.exit() == 3) {
            unavailable = "imageio's client cannot be had here: " + r.err();
            return;
        }
        assertThat(r.exit()).as(r.err()).isZero();
        imageio = Path.of(r.out().strip());
    }

    /** Per test, so that surefire counts each test as skipped where the client is missing (not as 0 tests). */
    @BeforeEach
    void clientAvailable() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    /**
     * Runs {@code code} with imageio's client importable, its debug log on stderr, the agent's CA file as {@code CA}
     * and {@code args} as sys.argv[1:].
     */
    static Shell.Result python(String code, String... args) throws Exception {
        String prelude = "import os, sys, logging\n"
                + "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"
                + "from ovirt_imageio import client\n"
                + "CA = os.environ['HOSTBRIDGE_CA']\n";
        List<String> command = new java.util.ArrayList<>(List.of("env", "PYTHONPATH=" + imageio,
                "HOSTBRIDGE_CA=" + agent.pkiDir().resolve("ca.pem"), "/usr/bin/python3", "-c", prelude + code));
        command.addAll(List.of(args));
        Shell.Result r = Shell.run(command, 300);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    /** A raw image of SIZE bytes: 4 MiB of data, 4 MiB of hole, in turn. */
    private Path sparseSource() throws Exception {
        Path source = tmp.resolve("source.raw");
        try (var f = new java.io.RandomAccessFile(source.toFile(), "rw")) {
            f.setLength(SIZE);
            java.util.Random random = new java.util.Random(42);
            byte[] data = new byte[4 * MiB];
            for (long at = 0; at < SIZE; at += 8L * MiB) {
                random.nextBytes(data);
                f.seek(at);
                f.write(data);
            }
        }
        return source;
    }

    /** Uploads {@code source} into {@code volume} with the client, through a sparse write ticket it returns. */
    private static String upload(Path source, Path volume) throws Exception {
        String ticket = tickets.add(volume, SIZE, true, 300, Http.JSON.createObjectNode().put("sparse", true));
        Shell.Result r = python("client.upload(sys.argv[1], sys.argv[2], CA)\n", source.toString(),
                tickets.url(ticket));
        // its own log says it moved to our socket, and did not fall back to TCP
        assertThat(r.err()).contains("Connecting to unix socket '" + agent.imageioSocket() + "'")
                .doesNotContain("Cannot use unix socket");
        return ticket;
    }

    @Test
    void uploadWithTheClientOverTheUnixSocket() throws Exception {
        Path source = sparseSource();
        Path volume = tickets.rawVolume(SIZE);
        String ticket = upload(source, volume);
        assertThat(Files.mismatch(source, volume)).isEqualTo(-1);
        // holes stayed holes: the upload zeroed them by punching, it did not write zeroes
        assertThat(Files.size(volume)).isEqualTo(SIZE);
        long allocated = Long.parseLong(Shell.run(List.of("stat", "-c", "%b", volume.toString()), 10).out().strip()) * 512;
        assertThat(allocated).isLessThanOrEqualTo(SIZE / 2 + MiB);
        assertThat(tickets.info(ticket).get("transferred").asLong()).isEqualTo(SIZE);
    }

    /** A RAW volume of the agent's holding a copy of {@code source}. */
    private static Path rawVolumeWith(Path source) throws Exception {
        Path volume = tickets.rawVolume(SIZE);
        Files.copy(source, volume, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return volume;
    }

    @Test
    void downloadWithTheClient() throws Exception {
        Path source = sparseSource();
        Path volume = rawVolumeWith(source);
        String ticket = tickets.add(volume, SIZE, false);
        Path target = tmp.resolve("downloaded.raw");
        Shell.Result r = python("client.download(sys.argv[1], sys.argv[2], CA, fmt='raw')\n",
                tickets.url(ticket), target.toString());
        assertThat(Files.mismatch(volume, target)).isEqualTo(-1);
        assertThat(r.err()).contains("Connecting to unix socket '" + agent.imageioSocket() + "'");
    }

    @Test
    void imageioClientObjectSeesSizeExtentsAndTheSocket() throws Exception {
        Path volume = tickets.rawVolume(16L * MiB, 0, MiB, 8L * MiB, 9L * MiB);
        String ticket = tickets.add(volume, 16L * MiB, true);
        Shell.Result r = python("""
                c = client.ImageioClient(sys.argv[1], cafile=CA)
                print('size', c.size())
                print('socket', c._backend.server_address)
                print('writers', c.max_writers, 'readers', c.max_readers)
                for e in c.extents():
                    print('extent', e.start, e.length, e.zero, e.hole)
                buf = bytearray(4096)
                c.write(16 * 1024 * 1024 - 4096, b'x' * 4096)
                c.read(16 * 1024 * 1024 - 4096, buf)
                print('readback', bytes(buf[:3]))
                c.zero(0, 4096)
                c.flush()
                c.close()
                info = client.info(sys.argv[2])
                print('info', info['format'], info['virtual-size'])
                """, tickets.url(ticket), volume.toString());
        assertThat(r.out()).contains("size " + 16 * MiB + "\n", "socket " + agent.imageioSocket() + "\n",
                "writers 8 readers 8\n", "extent 0 1048576 False False\n", "extent 1048576 7340032 True True\n",
                "readback b'xxx'\n", "info raw " + 16 * MiB + "\n");
        assertThat(Files.readAllBytes(volume)).startsWith(new byte[4096]);
    }

    /** The server's checksum of a sparse RAW volume is the client's checksum of the file it downloads. */
    @Test
    void serverChecksumMatchesTheClientsOwn() throws Exception {
        Path source = sparseSource();
        Path volume = rawVolumeWith(source);
        String ticket = tickets.add(volume, SIZE, false);
        Path target = tmp.resolve("downloaded.raw");
        Shell.Result r = python(DOWNLOAD_AND_COMPARE_CHECKSUMS, tickets.url(ticket), target.toString());
        assertThat(r.out()).startsWith("True ");
        assertThat(Files.mismatch(source, target)).isEqualTo(-1);
    }

    /** Downloads with the client, then compares its checksum of the file with the server's (argv: url, file). */
    private static final String DOWNLOAD_AND_COMPARE_CHECKSUMS = """
            import json, ssl, urllib.request
            client.download(sys.argv[1], sys.argv[2], CA, fmt='raw')
            local = client.checksum(sys.argv[2])
            remote = json.load(urllib.request.urlopen(sys.argv[1] + '/checksum',
                                                      context=ssl.create_default_context(cafile=CA)))
            print(local == remote, local, remote)
            """;

    /** A COW (qcow2) volume through qemu-nbd: the client uploads to it, downloads it, and agrees on its checksum. */
    @Test
    void uploadDownloadAndChecksumOfAQcow2Volume() throws Exception {
        Path source = sparseSource();
        Path volume = tickets.cowVolume(SIZE);
        tickets.remove(upload(source, volume));

        String download = tickets.add(volume, SIZE, false);
        Path target = tmp.resolve("downloaded.raw");
        Shell.Result r = python(DOWNLOAD_AND_COMPARE_CHECKSUMS, tickets.url(download), target.toString());
        assertThat(r.out()).startsWith("True ");
        assertThat(Files.mismatch(source, target)).isEqualTo(-1);
        // and what qemu-img reads from the volume is the same
        Path converted = tmp.resolve("converted.raw");
        assertThat(Shell.run(List.of("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", volume.toString(),
                converted.toString()), 60).exit()).isZero();
        assertThat(Files.mismatch(source, converted)).isEqualTo(-1);
    }
}
