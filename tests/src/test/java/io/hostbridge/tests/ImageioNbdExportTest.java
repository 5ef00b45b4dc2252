package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Image tickets on NBD exports the agent serves ({@code nbd:unix:<socket>:exportname=<name>}, as VDSM's backups give
 * them): an {@code NBD.start_server} export with a dirty bitmap gives imageio's dirty extents (the blocks qemu-io
 * wrote after the bitmap was added), a writable export takes uploads, and a URL of any other socket, a write ticket
 * on a read-only export or dirty extents without a bitmap are refused naming the field.
 */
class ImageioNbdExportTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();
    static final ImageTickets tickets = new ImageTickets(agent);
    private static final long SIZE = 8L * MiB;

    private static JsonNode ok(String verb, ObjectNode params) throws Exception {
        Http.Reply r = tickets.call(verb, params);
        assertThat(r.status()).as(verb + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static void qemuIo(Path file, String command) throws Exception {
        Shell.Result r = Shell.run(List.of("qemu-io", "-f", "qcow2", "-c", command, file.toString()), 30);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static ObjectNode volInfo(Path volume) {
        ObjectNode ids = ImageTickets.target(volume);
        return Http.JSON.createObjectNode().put("sd_id", ids.get("storagedomainID").asText())
                .put("img_id", ids.get("imageID").asText()).put("vol_id", ids.get("volumeID").asText());
    }

    /** Adds a ticket on {@code url}; returns the reply. */
    private static Http.Reply addTicket(String id, String url, boolean write, boolean dirty) throws Exception {
        ObjectNode ticket = Http.JSON.createObjectNode().put("uuid", id).put("size", SIZE).put("timeout", 300)
                .put("url", url).put("dirty", dirty);
        ticket.putArray("ops").add("read");
        if (write) {
            ticket.withArray("ops").add("write");
        }
        return tickets.call("Host.add_image_ticket", Http.JSON.createObjectNode().set("ticket", ticket));
    }

    private static String startServer(Path volume, boolean readonly, String bitmap) throws Exception {
        ObjectNode config = volInfo(volume).put("readonly", readonly);
        if (bitmap != null) {
            config.put("bitmap", bitmap);
        }
        return ok("NBD.start_server", Http.JSON.createObjectNode().put("server_id", UUID.randomUUID().toString())
                .set("config", config)).asText();
    }

    @Test
    void aBitmapExportGivesDirtyExtentsAndOtherSocketsAreRefused() throws Exception {
        Path volume = tickets.cowVolume(SIZE);
        qemuIo(volume, "write -P 0x11 0 1M");
        String bitmap = UUID.randomUUID().toString();
        String job = UUID.randomUUID().toString();
        ok("SDM.add_bitmap", Http.JSON.createObjectNode().put("job_id", job).put("bitmap", bitmap)
                .set("vol_info", volInfo(volume)));
        Poll.until(Duration.ofSeconds(30), "add_bitmap job", () -> "done".equals(ok("Job.getStatus",
                Http.JSON.createObjectNode().put("jobID", job)).get("status").asText()) ? true : null);
        qemuIo(volume, "write -P 0x22 4M 64k");

        String url = startServer(volume, true, bitmap);
        String ticket = UUID.randomUUID().toString();
        Http.Reply added = addTicket(ticket, url, false, true);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(tickets.info(ticket).get("url").asText()).isEqualTo(url);
        List<String> dirty = new ArrayList<>();
        for (JsonNode e : tickets.json(ticket, "/extents?context=dirty")) {
            if (e.get("dirty").asBoolean()) {
                dirty.add(e.get("start").asLong() + "+" + e.get("length").asLong());
            }
        }
        assertThat(dirty).as("only what was written after the bitmap").containsExactly((4 * MiB) + "+" + 65536);
        byte[] data = new byte[(int) SIZE];
        tickets.get(ticket, data, 0, 2 * MiB);
        assertThat(data[0]).isEqualTo((byte) 0x11);
        assertThat(data[MiB + 1]).isZero();
        tickets.remove(ticket);

        Http.Reply write = addTicket(UUID.randomUUID().toString(), url, true, false);
        assertThat(write.status()).isEqualTo(400);
        assertThat(write.body()).contains("ticket.ops", "read-only");
        String elsewhere = "nbd:unix:" + agent.runDir().resolve("api.sock") + ":exportname=x";
        Http.Reply other = addTicket(UUID.randomUUID().toString(), elsewhere, false, false);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body()).contains("ticket.url", "not an NBD export this agent serves");
        Http.Reply malformed = addTicket(UUID.randomUUID().toString(), "nbd:unix:relative:exportname=", false, false);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("ticket.url");
    }

    @Test
    void aWritableExportTakesUploadsAndHasNoDirtyExtents() throws Exception {
        Path volume = tickets.cowVolume(SIZE);
        String url = startServer(volume, false, null);
        Http.Reply dirty = addTicket(UUID.randomUUID().toString(), url, true, true);
        assertThat(dirty.status()).isEqualTo(400);
        assertThat(dirty.body()).contains("ticket.dirty");
        String ticket = UUID.randomUUID().toString();
        assertThat(addTicket(ticket, url, true, false).status()).isEqualTo(200);
        byte[] source = new byte[MiB];
        new java.util.Random(7).nextBytes(source);
        assertThat(tickets.put(ticket, source, 0, MiB)).isEqualTo(200);
        byte[] back = new byte[(int) SIZE];
        tickets.get(ticket, back, 0, MiB);
        assertThat(java.util.Arrays.copyOf(back, MiB)).isEqualTo(source);
        tickets.remove(ticket);
    }
}
