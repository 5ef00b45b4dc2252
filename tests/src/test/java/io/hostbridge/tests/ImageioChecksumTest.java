package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostbridge.blkhash.BlockHash;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The checksum routes: imageio's blkhash of a volume's guest-visible data, compared with {@link BlockHash} over the
 * downloaded bytes (RAW and qcow2) and with values computed once by imageio's own blkhash (ovirt-imageio 2.5.1's
 * {@code blkhash.checksum}) for a fixed image. ImageioPythonClientTest compares with imageio's client where it runs.
 */
class ImageioChecksumTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of());
    static final ImageTickets tickets = new ImageTickets(agent);

    @Test
    void algorithmsAreTheEnginesAndNeedNoTicket() throws Exception {
        JsonNode body = tickets.json("no-such-ticket", "/checksum/algorithms");
        List<String> algorithms = new ArrayList<>();
        body.get("algorithms").forEach(a -> algorithms.add(a.asText()));
        assertThat(algorithms).containsExactlyElementsOf(BlockHash.algorithms()).contains("blake2b", "sha256");
    }

    /** 5 MiB + 512 bytes: 64 KiB of i % 251, 512 bytes of 0xff at 4 MiB; holes elsewhere. */
    @Test
    void aFixedImageHasImageiosChecksum() throws Exception {
        long size = 5L * MiB + 512;
        Path volume = tickets.rawVolume(size);
        String ticket = tickets.add(volume, size, true);
        byte[] image = new byte[(int) size];
        for (int i = 0; i < 64 * 1024; i++) {
            image[i] = (byte) (i % 251);
        }
        java.util.Arrays.fill(image, 4 * MiB, 4 * MiB + 512, (byte) 0xff);
        assertThat(tickets.put(ticket, image, 0, 64 * 1024)).isEqualTo(200);
        assertThat(tickets.put(ticket, image, 4L * MiB, 512)).isEqualTo(200);

        assertThat(tickets.json(ticket, "/checksum").toString()).isEqualTo("{\"algorithm\":\"blake2b\","
                + "\"block_size\":4194304,\"checksum\":\"148f1354fbeb596405b528c7f4237df78411195d55e484be37192abc80f9302f\"}");
        assertThat(tickets.json(ticket, "/checksum?algorithm=sha256&block_size=1048576").toString()).isEqualTo(
                "{\"algorithm\":\"sha256\",\"block_size\":1048576,"
                        + "\"checksum\":\"61a12c45edcd9f18b7e6c02535884b7a5e09432d365c89bf37c193a7438ece98\"}");
    }

    @Test
    void aSparseRawVolumesChecksumIsTheBlockHashOfItsBytes() throws Exception {
        long size = 21L * MiB + 4096; // a short last block
        Path volume = tickets.rawVolume(size, 0, MiB, 5L * MiB + 4096, 6L * MiB, 12L * MiB, 20L * MiB + 512);
        String ticket = tickets.add(volume, size, false);
        byte[] bytes = tickets.download(ticket);
        for (String query : List.of("", "?algorithm=blake2b", "?block_size=1048576", "?algorithm=sha1&block_size=16777216",
                "?algorithm=blake2s&block_size=2101248")) {
            assertMatches(ticket, query, bytes);
        }
    }

    @Test
    void aQcow2VolumesChecksumIsTheBlockHashOfItsGuestData() throws Exception {
        Path base = tickets.rawVolume(12L * MiB, 0, 6L * MiB);
        Path top = tickets.snapshot(base);
        String ticket = tickets.add(top, 12L * MiB, true);
        byte[] data = new byte[12 * MiB];
        new Random(13).nextBytes(data);
        assertThat(tickets.put(ticket, data, 4L * MiB, 4 * MiB)).isEqualTo(200);
        assertThat(tickets.zero(ticket, MiB, MiB)).isEqualTo(200);
        byte[] bytes = tickets.download(ticket);
        assertThat(bytes).hasSize(12 * MiB);
        assertMatches(ticket, "", bytes);
        assertMatches(ticket, "?algorithm=sha512&block_size=1048576", bytes);
    }

    private static void assertMatches(String ticket, String query, byte[] image) throws Exception {
        JsonNode remote = tickets.json(ticket, "/checksum" + query);
        BlockHash local = new BlockHash(remote.get("algorithm").asText(), remote.get("block_size").asInt());
        local.update(ByteBuffer.wrap(image));
        assertThat(remote.get("checksum").asText()).as(query).isEqualTo(local.hexdigest());
    }

    @Test
    void badAlgorithmsAndBlockSizesAre400() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        String ticket = tickets.add(volume, MiB, false);
        Map<String, String> cases = Map.of(
                "?algorithm=crc32", "Unsupported algorithm 'crc32'",
                "?block_size=4096", "Block size out of allowed range: 1048576-16777216",
                "?block_size=33554432", "Block size out of allowed range: 1048576-16777216",
                "?block_size=1048577", "Block size is not aligned to 4096",
                "?block_size=big", "Invalid block size");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = ImageTickets.HTTP.send(HttpRequest.newBuilder(
                    URI.create(tickets.url(ticket) + "/checksum" + c.getKey())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains(c.getValue());
        }
    }
}
