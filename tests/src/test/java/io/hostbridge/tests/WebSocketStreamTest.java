package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data streams over WebSocket, driven by Python's {@code websockets} (Debian's python3-websockets) as a REST caller
 * would: the agent on its secure defaults (TLS with client certificates, and the unix socket), a REST call opens
 * {@code Volume.upload} or {@code Volume.download}, {@code GET /api/v1/streams/{streamId}} upgraded to a WebSocket
 * carries the data. Checked with {@code qemu-img compare}, the volume's legality, and what each client saw.
 * {@code rest.streamSendTimeout} is 2 s here (30 s by default) so that a client that stops reading is given up on
 * quickly.
 */
class WebSocketStreamTest {
    private static final long MiB = 1 << 20;
    private static final String BLANK = "00000000-0000-0000-0000-000000000000";

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("http.insecure", "false",
            "rest.streamSendTimeout", "2s"));

    private static HttpClient writer;
    private static String domain;

    @BeforeAll
    static void callersAndStorage() throws Exception {
        HostPki pki = HostPki.open(PkiSettings.own(agent.pkiDir()));
        pki.issue("writer", AccessLevel.WRITE, Duration.ofDays(1), tmp);
        pki.issue("other", AccessLevel.WRITE, Duration.ofDays(1), tmp);
        pki.issue("admin", AccessLevel.ADMIN, Duration.ofDays(1), tmp);
        writer = Http.client(AmqpSupport.tls(tmp, "writer"));
        domain = UUID.randomUUID().toString();
        Http.Reply made = Http.post(Http.client(AmqpSupport.tls(tmp, "admin")),
                agent.uri("/api/v1/rpc/StorageDomain.create"), Http.JSON.createObjectNode().put("storagedomainID", domain)
                .put("domainType", "localfs").put("typeArgs", Files.createDirectories(tmp.resolve("domains"))
                        .toString()).put("name", "streams").put("domainClass", "data").toString());
        assertThat(made.status()).as(made.body()).isEqualTo(200);
    }

    private static JsonNode ok(String verb, JsonNode params) throws Exception {
        Http.Reply r = Http.post(writer, agent.uri("/api/v1/rpc/" + verb), params.toString());
        assertThat(r.status()).as(verb + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    /** A new sparse RAW volume of {@code size} bytes; its ids. */
    private static ObjectNode volume(long size) throws Exception {
        ObjectNode ids = Http.JSON.createObjectNode().put("storagedomainID", domain)
                .put("imageID", UUID.randomUUID().toString()).put("volumeID", UUID.randomUUID().toString());
        ok("Volume.create", ids.deepCopy().put("size", size).put("volFormat", "RAW").put("preallocate", "SPARSE")
                .put("desc", "stream test").put("srcImgUUID", BLANK).put("srcVolUUID", BLANK));
        return ids;
    }

    private static JsonNode info(ObjectNode volume) throws Exception {
        return ok("Volume.getInfo", volume);
    }

    /** A sparse file of {@code size} bytes with random data in each {@code [start, end)} and holes elsewhere. */
    private static Path sparse(String name, long size, long... ranges) throws Exception {
        Path file = tmp.resolve(name);
        Random random = new Random(size);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            byte[] chunk = new byte[(int) MiB];
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                f.seek(ranges[i]);
                for (long at = ranges[i]; at < ranges[i + 1]; at += chunk.length) {
                    random.nextBytes(chunk);
                    f.write(chunk, 0, (int) Math.min(chunk.length, ranges[i + 1] - at));
                }
            }
        }
        return file;
    }

    private static String tls(String who) {
        return "tls:127.0.0.1:" + agent.port() + ":" + tmp + ":" + who;
    }

    private static String unix() {
        return "unix:" + agent.socket();
    }

    /** Runs a scenario of the Python client; it must exit 0; its output. */
    private static String python(String caller, String scenario, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", Path.of(System.getProperty(
                "hostbridge.repo"), "tests/src/test/resources/websocket/streams.py").toString(), caller, scenario));
        command.addAll(List.of(args));
        Shell.Result r = Shell.run(command, 180);
        assertThat(r.exit()).as(scenario + ": " + r.out() + r.err()).isZero();
        return r.out().strip();
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Path file(ObjectNode volume) throws Exception {
        return Path.of(info(volume).get("path").asText());
    }

    /** Up over TLS with holes for the zero ranges, down again over the unix socket: the same image both times. */
    @Test
    void aSparseVolumeGoesUpOverTlsAndComesBackOverTheUnixSocket() throws Exception {
        long size = 384 * MiB;
        Path source = sparse("source.raw", size, 0, 8 * MiB, 100 * MiB, 132 * MiB, 380 * MiB, 384 * MiB);
        ObjectNode volume = volume(size);

        String up = python(tls("writer"), "upload", volume.toString(), source.toString());
        assertThat(up).startsWith("upload ok:").endsWith("closed 1000");
        assertThat(number(up, "(\\d+) data packets")).isEqualTo(44 * MiB / (256 * 1024));
        assertThat(number(up, "(\\d+) holes")).isEqualTo(2);
        assertThat(info(volume).get("legality").asText()).isEqualTo("LEGAL");
        Shell.Result compare = Shell.run(List.of("qemu-img", "compare", "-f", "raw", "-F", "raw", source.toString(),
                file(volume).toString()), 60);
        assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();

        Path back = tmp.resolve("back.raw");
        String down = python(unix(), "download", volume.toString(), back.toString());
        assertThat(down).startsWith("download ok: " + size + " bytes").endsWith("closed 1000");
        assertThat(number(down, "holes of (\\d+) bytes")).as("the zero ranges came as holes")
                .isGreaterThanOrEqualTo(size - 44 * MiB - 8 * MiB);
        assertThat(Files.mismatch(source, back)).isEqualTo(-1);
    }

    /**
     * An upload the client aborts, with an error status or by dropping the connection, leaves nothing half-written
     * LEGAL.
     */
    @Test
    void anAbortedUploadLeavesNothingHalfWrittenLegal() throws Exception {
        Path source = sparse("abort.raw", 16 * MiB, 0, 16 * MiB);
        for (String how : List.of("error", "drop")) {
            ObjectNode volume = volume(16 * MiB);
            String out = python(tls("writer"), "abort", volume.toString(), source.toString(), how);
            assertThat(out).as(how).endsWith("the volume is free again: True");
            if (how.equals("error")) {
                assertThat(out).contains("closed 1000");
            }
            AbortedUploads.nothingHalfWrittenIsLegal(info(volume), how);
        }
    }

    /** Only the caller who opened a stream attaches it: another certificate, or an unknown id, gets 404. */
    @Test
    void anotherCallerOrAnUnknownStreamIsRefusedBeforeTheUpgrade() throws Exception {
        ObjectNode volume = volume(4 * MiB);
        String out = python(tls("writer"), "foreign", volume.toString(), tls("other"));
        assertThat(out).isEqualTo("refused: HTTP 404\nthe opener downloaded it: closed 1000");
        assertThat(python(tls("writer"), "attach", UUID.randomUUID().toString())).isEqualTo("refused: HTTP 404");

        // what the refusal says, as curl sees it: a problem like any REST error
        Shell.Result r = curl("-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H",
                "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                agent.uri("/api/v1/streams/" + UUID.randomUUID()).toString());
        assertThat(r.out()).startsWith("HTTP/1.1 404").contains("application/problem+json").contains("\"code\":5007")
                .contains("No such stream");
        Shell.Result plain = curl(agent.uri("/api/v1/streams/" + UUID.randomUUID()).toString());
        assertThat(plain.out()).startsWith("HTTP/1.1 426").contains("Upgrade: websocket").contains("WebSockets only");
    }

    private static Shell.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--http1.1", "--max-time", "10",
                "--cacert", tmp.resolve("ca.pem").toString(), "--cert", tmp.resolve("writer.pem").toString(), "--key",
                tmp.resolve("writer-key.pem").toString()));
        command.addAll(List.of(args));
        Shell.Result r = Shell.run(command, 30);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    /** What is no packet gets an error status, then the WebSocket closes; the agent goes on serving. */
    @Test
    void badMessagesGetAnErrorAndAClose() throws Exception {
        Map<String, String> expected = Map.of(
                "binary:1048576", "\"code\":5004",
                "{\"status\":\"hole\",\"length\":-1}", "\"code\":5008",
                "not json", "\"code\":5005",
                "{\"status\":\"continue\"}", "\"code\":5008");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String out = python(tls("writer"), "send", volume(MiB).toString(), e.getKey());
            assertThat(out).as(e.getKey()).startsWith("answer {\"status\":\"error\"").contains(e.getValue())
                    .contains(e.getKey().startsWith("binary") ? "closed 1009" : "closed 1000");
        }
    }

    /** A client that stops reading a download: the agent keeps little of it, and ends the stream after the time-out. */
    @Test
    void aClientThatStopsReadingIsGivenUpOn() throws Exception {
        long size = 256 * MiB;
        ObjectNode volume = volume(size);
        Path data = sparse("full.raw", size, 0, size);
        Shell.Result copy = Shell.run(List.of("dd", "if=" + data, "of=" + file(volume), "bs=4M", "conv=notrunc"), 60);
        assertThat(copy.exit()).as(copy.err()).isZero();
        Files.delete(data);

        String out = python(tls("writer"), "stall", volume.toString());
        assertThat(out).startsWith("stalled: deleted True");
        assertThat(number(out, "received (\\d+) bytes")).as("what the agent had sent, not the volume")
                .isLessThan(64 * MiB);
        assertThat(out).contains("last status None");
        // the agent serves on
        assertThat(python(tls("writer"), "download", volume(MiB).toString(), tmp.resolve("small").toString()))
                .startsWith("download ok");
    }
}
