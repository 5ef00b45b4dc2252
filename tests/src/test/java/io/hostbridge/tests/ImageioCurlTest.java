package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the image data server and its errors, driven by curl over TCP and over the unix socket. */
class ImageioCurlTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of());
    static final ImageTickets tickets = new ImageTickets(agent);

    static Path image;
    static byte[] original;
    static String readTicket;

    @TempDir
    Path tmp;

    @BeforeAll
    static void volume() throws Exception {
        image = tickets.rawVolume(8 * MiB, 0, MiB, 4 * MiB, 5 * MiB);
        original = Files.readAllBytes(image);
        readTicket = tickets.add(image, 8 * MiB, false);
    }

    /** curl with headers on stdout ({@code -D -}) unless the arguments say otherwise. */
    static Shell.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(Arrays.asList(args));
        return Shell.run(command, 60);
    }

    static String status(Shell.Result r) {
        return r.out().lines().filter(l -> l.startsWith("HTTP/1.1 ") && !l.startsWith("HTTP/1.1 100"))
                .reduce((a, b) -> b).orElse("no status: " + r.err());
    }

    @Test
    void optionsOfStarNeedsNoTicketAndAdvertisesTheUnixSocket() throws Exception {
        Shell.Result r = curl("-i", "-X", "OPTIONS", "http://127.0.0.1:" + agent.imageioPort() + "/images/*");
        assertThat(status(r)).startsWith("HTTP/1.1 200");
        assertThat(r.out()).containsIgnoringCase("allow: OPTIONS,GET,PUT,PATCH");
        JsonNode body = Http.JSON.readTree(r.out().substring(r.out().indexOf("\r\n\r\n")));
        assertThat(body.get("features").toString()).isEqualTo("[\"checksum\",\"extents\",\"flush\",\"zero\"]");
        assertThat(body.get("unix_socket").asText()).isEqualTo(agent.imageioSocket().toString());
    }

    @Test
    void optionsOfATicketSaysWhatItAllows() throws Exception {
        Shell.Result read = curl("-i", "-X", "OPTIONS", tickets.url(readTicket));
        assertThat(status(read)).startsWith("HTTP/1.1 200");
        assertThat(read.out()).containsIgnoringCase("allow: OPTIONS,GET\r\n");
        JsonNode body = Http.JSON.readTree(read.out().substring(read.out().indexOf("\r\n\r\n")));
        assertThat(body.get("features").toString()).isEqualTo("[\"checksum\",\"extents\"]");
        assertThat(body.get("max_readers").asInt()).isEqualTo(8);

        String write = tickets.add(tickets.rawVolume(MiB), MiB, true);
        Shell.Result w = curl("-i", "-X", "OPTIONS", tickets.url(write));
        assertThat(w.out()).containsIgnoringCase("allow: OPTIONS,GET,PUT,PATCH");
        assertThat(w.out()).contains("\"features\":[\"checksum\",\"extents\",\"flush\",\"zero\"]")
                .contains("\"max_writers\":8");
    }

    @Test
    void getTheWholeImage() throws Exception {
        Path out = tmp.resolve("whole");
        Shell.Result r = curl("-D", "-", "-o", out.toString(), tickets.url(readTicket));
        assertThat(status(r)).startsWith("HTTP/1.1 200");
        assertThat(r.out()).containsIgnoringCase("content-length: " + 8 * MiB)
                .containsIgnoringCase("content-type: application/octet-stream")
                .containsIgnoringCase("content-disposition: attachment");
        assertThat(Files.readAllBytes(out)).isEqualTo(original);
    }

    @Test
    void getRanges() throws Exception {
        Path out = tmp.resolve("range");
        Shell.Result r = curl("-D", "-", "-o", out.toString(), "-H", "Range: bytes=1000-1999", tickets.url(readTicket));
        assertThat(status(r)).startsWith("HTTP/1.1 206");
        assertThat(r.out()).containsIgnoringCase("content-range: bytes 1000-1999/" + 8 * MiB)
                .containsIgnoringCase("content-length: 1000");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(original, 1000, 2000));

        Shell.Result open = curl("-D", "-", "-o", out.toString(), "-H", "Range: bytes=" + (8 * MiB - 10) + "-",
                tickets.url(readTicket));
        assertThat(status(open)).startsWith("HTTP/1.1 206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(original, 8 * MiB - 10, 8 * MiB));
    }

    @Test
    void unsatisfiableRangesAre416() throws Exception {
        Shell.Result past = curl("-i", "-H", "Range: bytes=0-" + 8 * MiB, tickets.url(readTicket));
        assertThat(status(past)).startsWith("HTTP/1.1 416");
        assertThat(past.out()).containsIgnoringCase("content-range: bytes */" + 8 * MiB);
        Shell.Result after = curl("-i", "-H", "Range: bytes=" + 8 * MiB + "-", tickets.url(readTicket));
        assertThat(status(after)).startsWith("HTTP/1.1 416");
        for (String bad : List.of("bytes=-500", "bytes=0-1,5-6", "bytes=x-y", "bytes=9-3", "items=0-1")) {
            Shell.Result r = curl("-i", "-H", "Range: " + bad, tickets.url(readTicket));
            assertThat(status(r)).as(bad).startsWith("HTTP/1.1 416");
        }
    }

    @Test
    void putWithContentRangeThenReadItBack() throws Exception {
        Path volume = tickets.rawVolume(4 * MiB);
        String ticket = tickets.add(volume, 4 * MiB, true);
        Path data = tmp.resolve("data");
        byte[] bytes = new byte[100_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(data, bytes);
        Shell.Result r = curl("-i", "-X", "PUT", "--data-binary", "@" + data, "-H",
                "Content-Range: bytes 5000-104999/*", tickets.url(ticket) + "?flush=n");
        assertThat(status(r)).startsWith("HTTP/1.1 200");
        byte[] now = Files.readAllBytes(volume);
        assertThat(Arrays.copyOfRange(now, 5000, 105_000)).isEqualTo(bytes);
        assertThat(Arrays.copyOfRange(now, 0, 5000)).containsOnly(0);
        // flush=y (the default) and no Content-Range: at offset 0
        Shell.Result atZero = curl("-i", "-X", "PUT", "--data-binary", "@" + data, tickets.url(ticket));
        assertThat(status(atZero)).startsWith("HTTP/1.1 200");
        assertThat(Arrays.copyOfRange(Files.readAllBytes(volume), 0, 100_000)).isEqualTo(bytes);
        assertThat(tickets.info(ticket).get("transferred").asLong()).isEqualTo(200_000);
    }

    @Test
    void putHonoursExpect100Continue() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        String ticket = tickets.add(volume, MiB, true);
        Path data = tmp.resolve("data");
        Files.write(data, new byte[] {1, 2, 3});
        Shell.Result r = curl("-v", "-X", "PUT", "-H", "Expect: 100-continue", "--data-binary", "@" + data,
                tickets.url(ticket));
        assertThat(r.err()).contains("< HTTP/1.1 100 Continue").contains("< HTTP/1.1 200 OK");
        // refused before the body is sent: no 100
        Shell.Result refused = curl("-v", "-X", "PUT", "-H", "Expect: 100-continue", "--data-binary", "@" + data,
                tickets.url(readTicket));
        assertThat(refused.err()).doesNotContain("HTTP/1.1 100").contains("< HTTP/1.1 403");
    }

    @Test
    void putErrors() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        String ticket = tickets.add(volume, MiB, true);
        Path data = tmp.resolve("data");
        Files.write(data, new byte[1000]);
        Shell.Result past = curl("-i", "-X", "PUT", "--data-binary", "@" + data, "-H",
                "Content-Range: bytes " + (MiB - 10) + "-" + (MiB + 989) + "/*", tickets.url(ticket));
        assertThat(status(past)).startsWith("HTTP/1.1 416");
        Shell.Result readOnly = curl("-i", "-X", "PUT", "--data-binary", "@" + data, tickets.url(readTicket));
        assertThat(status(readOnly)).startsWith("HTTP/1.1 403");
        assertThat(readOnly.out()).containsIgnoringCase("connection: close");
        Shell.Result chunked = curl("-i", "-X", "PUT", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + data,
                tickets.url(ticket));
        assertThat(status(chunked)).startsWith("HTTP/1.1 400");
        Shell.Result noLength = curl("-i", "-X", "PUT", tickets.url(ticket));
        assertThat(status(noLength)).startsWith("HTTP/1.1 400");
        assertThat(noLength.out()).contains("Content-Length header is required");
        Shell.Result negative = curl("-i", "-X", "PUT", "-H", "Content-Length: -5", tickets.url(ticket));
        assertThat(status(negative)).startsWith("HTTP/1.1 400");
        Shell.Result badRange = curl("-i", "-X", "PUT", "--data-binary", "@" + data, "-H", "Content-Range: bytes x",
                tickets.url(ticket));
        assertThat(status(badRange)).startsWith("HTTP/1.1 400");
        Shell.Result badFlush = curl("-i", "-X", "PUT", "--data-binary", "@" + data, tickets.url(ticket) + "?flush=maybe");
        assertThat(status(badFlush)).startsWith("HTTP/1.1 400");
        assertThat(Files.readAllBytes(volume)).containsOnly(0);
    }

    @Test
    void patchZeroAndFlush() throws Exception {
        Path volume = tickets.rawVolume(2 * MiB, 0, 2 * MiB);
        String ticket = tickets.add(volume, 2 * MiB, true);
        Shell.Result zero = curl("-i", "-X", "PATCH", "-H", "Content-Type: application/json", "--data",
                "{\"op\":\"zero\",\"offset\":4096,\"size\":8192,\"flush\":true}", tickets.url(ticket));
        assertThat(status(zero)).startsWith("HTTP/1.1 200");
        byte[] now = Files.readAllBytes(volume);
        assertThat(Arrays.copyOfRange(now, 4096, 4096 + 8192)).containsOnly(0);
        assertThat(Arrays.copyOfRange(now, 0, 4096)).isNotEqualTo(new byte[4096]);
        assertThat(now[4096 + 8192]).isEqualTo(Files.readAllBytes(volume)[4096 + 8192]);
        Shell.Result flush = curl("-i", "-X", "PATCH", "--data", "{\"op\":\"flush\"}", tickets.url(ticket));
        assertThat(status(flush)).startsWith("HTTP/1.1 200");

        for (String bad : List.of("{\"op\":\"zero\",\"size\":\"10\"}", "{\"op\":\"zero\"}", "{\"op\":\"trim\"}",
                "{\"op\":\"zero\",\"size\":1.5}", "{\"op\":\"zero\",\"size\":10,\"flush\":\"yes\"}", "not json", "[]",
                "{\"op\":\"zero\",\"size\":-1}")) {
            Shell.Result r = curl("-i", "-X", "PATCH", "--data", bad, tickets.url(ticket));
            assertThat(status(r)).as(bad).startsWith("HTTP/1.1 400");
        }
        Shell.Result past = curl("-i", "-X", "PATCH", "--data", "{\"op\":\"zero\",\"offset\":" + 2 * MiB + ",\"size\":1}",
                tickets.url(ticket));
        assertThat(status(past)).startsWith("HTTP/1.1 416");
        Shell.Result readOnly = curl("-i", "-X", "PATCH", "--data", "{\"op\":\"flush\"}", tickets.url(readTicket));
        assertThat(status(readOnly)).startsWith("HTTP/1.1 403");
    }

    @Test
    void extentsReportDataAndHoles() throws Exception {
        Shell.Result r = curl("--fail-with-body", tickets.url(readTicket) + "/extents");
        JsonNode extents = Http.JSON.readTree(r.out());
        assertThat(extents.toString()).isEqualTo("[{\"start\":0,\"length\":1048576,\"zero\":false,\"hole\":false},"
                + "{\"start\":1048576,\"length\":3145728,\"zero\":true,\"hole\":true},"
                + "{\"start\":4194304,\"length\":1048576,\"zero\":false,\"hole\":false},"
                + "{\"start\":5242880,\"length\":3145728,\"zero\":true,\"hole\":true}]");
        Shell.Result zero = curl("--fail-with-body", tickets.url(readTicket) + "/extents?context=zero");
        assertThat(zero.out()).isEqualTo(r.out());
        Shell.Result dirty = curl("-i", tickets.url(readTicket) + "/extents?context=dirty");
        assertThat(status(dirty)).startsWith("HTTP/1.1 404");
        Shell.Result other = curl("-i", tickets.url(readTicket) + "/extents?context=all");
        assertThat(status(other)).startsWith("HTTP/1.1 400");
    }

    @Test
    void unknownRoutesMethodsAndTickets() throws Exception {
        String base = "http://127.0.0.1:" + agent.imageioPort();
        assertThat(status(curl("-i", base + "/nothing"))).startsWith("HTTP/1.1 404");
        assertThat(status(curl("-i", tickets.url(readTicket) + "/other"))).startsWith("HTTP/1.1 404");
        Shell.Result delete = curl("-i", "-X", "DELETE", tickets.url(readTicket));
        assertThat(status(delete)).startsWith("HTTP/1.1 405");
        assertThat(delete.out()).containsIgnoringCase("allow: OPTIONS,GET,PUT,PATCH");
        assertThat(status(curl("-i", base + "/images/"))).startsWith("HTTP/1.1 400");
        Shell.Result unknown = curl("-i", tickets.url(java.util.UUID.randomUUID().toString()));
        assertThat(status(unknown)).startsWith("HTTP/1.1 403");
        assertThat(unknown.out()).containsIgnoringCase("connection: close").contains("No such ticket");
        Shell.Result info = curl("--fail-with-body", base + "/info/");
        assertThat(Http.JSON.readTree(info.out()).get("version").asText()).isEqualTo("test");
    }

    @Test
    void theUnixSocketServesTheSameRoutes() throws Exception {
        String socket = agent.imageioSocket().toString();
        Shell.Result options = curl("--fail-with-body", "--unix-socket", socket, "-X", "OPTIONS",
                "http://localhost/images/" + readTicket);
        assertThat(options.out()).contains("\"max_readers\":8");
        Path out = tmp.resolve("unix");
        Shell.Result get = curl("-D", "-", "--unix-socket", socket, "-o", out.toString(), "-H", "Range: bytes=0-4095",
                "http://localhost/images/" + readTicket);
        assertThat(status(get)).startsWith("HTTP/1.1 206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOf(original, 4096));
        Shell.Result extents = curl("--fail-with-body", "--unix-socket", socket,
                "http://localhost/images/" + readTicket + "/extents");
        assertThat(Http.JSON.readTree(extents.out())).hasSize(4);
    }
}
