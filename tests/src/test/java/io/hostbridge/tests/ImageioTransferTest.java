package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers as a backup or import tool makes them: several connections per ticket, sparse uploads, ranged
 * downloads; and what must not go wrong: expiry, cancellation, idle and slow clients, clients that vanish.
 */
class ImageioTransferTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("imageio.headerTimeout", "1s"));
    static final ImageTickets tickets = new ImageTickets(agent);
    static final HttpClient HTTP = ImageTickets.HTTP;

    @TempDir
    Path tmp;

    /** A sparse upload and a download, each over 4 connections, by a plain Java client. */
    @Test
    void sparseUploadAndDownloadWithFourConnections() throws Exception {
        long size = 48L * MiB;
        byte[] source = new byte[(int) size];
        Random random = new Random(3);
        List<long[]> data = new ArrayList<>();
        for (long at = 0; at < size; at += 6L * MiB) {
            byte[] chunk = new byte[3 * MiB];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, source, (int) at, chunk.length);
            data.add(new long[] {at, chunk.length});
        }
        Path volume = tickets.rawVolume(size, 0, size); // full of other data: the zeroes must be written
        String ticket = tickets.add(volume, size, true, 300, Http.JSON.createObjectNode().put("sparse", true));
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> puts = new ArrayList<>();
            for (long[] d : data) {
                puts.add(workers.submit(() -> tickets.put(ticket, source, d[0], (int) d[1])));
                long hole = d[0] + d[1];
                puts.add(workers.submit(() -> tickets.zero(ticket, hole, 3 * MiB)));
            }
            for (Future<Integer> f : puts) {
                assertThat(f.get()).isEqualTo(200);
            }
            assertThat(tickets.patch(ticket, "{\"op\":\"flush\"}")).isEqualTo(200);
            assertThat(Files.readAllBytes(volume)).isEqualTo(source);

            String read = tickets.add(volume, size, false);
            byte[] downloaded = new byte[(int) size];
            List<Future<Integer>> gets = new ArrayList<>();
            int part = (int) size / 4;
            for (int i = 0; i < 4; i++) {
                int from = i * part;
                gets.add(workers.submit(() -> tickets.get(read, downloaded, from, part)));
            }
            for (Future<Integer> f : gets) {
                assertThat(f.get()).isEqualTo(206);
            }
            assertThat(downloaded).isEqualTo(source);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void anExpiredTicketIsRefusedThenRemovedAndOneExtendedInTimeLivesOn() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        String transfer = "expiry-" + java.util.UUID.randomUUID();
        String ticket = tickets.add(volume, MiB, false, 1, Http.JSON.createObjectNode().put("transfer_id", transfer));
        String kept = tickets.add(tickets.rawVolume(MiB), MiB, false, 1, null);
        assertThat(options(ticket)).isEqualTo(200); // an operation restarts the timeout: 1 s from now
        long expires = tickets.info(ticket).get("expires").asLong();
        assertThat(expires).isBetween(Instant.now().getEpochSecond() - 1, Instant.now().getEpochSecond() + 1);
        Http.Reply extended = tickets.call("Host.extend_image_ticket",
                Http.JSON.createObjectNode().put("uuid", kept).put("timeout", 60));
        assertThat(extended.status()).isEqualTo(200);
        poll(() -> Instant.now().getEpochSecond() > expires + 1, Duration.ofSeconds(5), "past expiry");
        assertThat(options(ticket)).isEqualTo(403);
        // reaped within about a second: its volume is free again, and the removal is announced
        poll(() -> {
            try {
                return tickets.call("Host.get_image_ticket", Http.JSON.createObjectNode().put("uuid", ticket))
                        .json().path("code").asInt() == 5100;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, Duration.ofSeconds(5), "the expired ticket removed");
        assertThat(tickets.info(volume).get("inUse").asBoolean()).isFalse();
        Http.Reply events = tickets.call("Host.getEvents", Http.JSON.createObjectNode().put("topics", "transfer.expired"));
        assertThat(events.json().get("events")).anySatisfy(e -> assertThat(e.get("subject").asText())
                .isEqualTo(transfer));
        assertThat(tickets.info(kept).get("expires").asLong()).isGreaterThan(Instant.now().getEpochSecond() + 50);
        assertThat(options(kept)).isEqualTo(200);
        tickets.remove(kept);
    }

    private static int options(String ticket) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(tickets.url(ticket)))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void removingATicketCancelsItsTransferInFlight() throws Exception {
        Path volume = tickets.rawVolume(64L * MiB, 0, 64L * MiB);
        String transfer = "cancel-" + java.util.UUID.randomUUID();
        String ticket = tickets.add(volume, 64L * MiB, false, 300, Http.JSON.createObjectNode()
                .put("transfer_id", transfer));
        Process slow = new ProcessBuilder("curl", "-sS", "--limit-rate", "1M", "-o", "/dev/null", tickets.url(ticket))
                .start();
        try {
            poll(() -> info(ticket).get("active").asBoolean(), Duration.ofSeconds(10), "download in progress");
            assertThat(info(ticket).get("connections").asInt()).isEqualTo(1);
            tickets.remove(ticket);
            poll(() -> !slow.isAlive(), Duration.ofSeconds(10), "curl stopped");
            assertThat(slow.exitValue()).as("curl's download was cut").isNotZero();
        } finally {
            slow.destroyForcibly();
        }
        assertThat(options(ticket)).isEqualTo(403);
        Http.Reply events = tickets.call("Host.getEvents", Http.JSON.createObjectNode().put("topics", "transfer.#"));
        List<String> topics = new ArrayList<>();
        for (JsonNode e : events.json().get("events")) {
            assertThat(e.toString()).as("events never carry a ticket id").doesNotContain(ticket);
            if (e.get("subject").asText().equals(transfer)) {
                topics.add(e.get("topic").asText());
            }
        }
        assertThat(topics).containsExactly("transfer.started", "transfer.canceled");
    }

    @Test
    void aFinishedTransferIsReportedWhenItsTicketIsRemoved() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        String transfer = "finish-" + java.util.UUID.randomUUID();
        String ticket = tickets.add(volume, MiB, true, 300, Http.JSON.createObjectNode().put("transfer_id", transfer));
        assertThat(tickets.zero(ticket, 0, MiB)).isEqualTo(200);
        tickets.remove(ticket);
        Http.Reply events = tickets.call("Host.getEvents", Http.JSON.createObjectNode().put("topics", "transfer.*"));
        List<String> mine = new ArrayList<>();
        for (JsonNode e : events.json().get("events")) {
            assertThat(e.toString()).as("events never carry a ticket id").doesNotContain(ticket);
            if (e.get("subject").asText().equals(transfer)) {
                mine.add(e.get("topic").asText() + " " + e.get("payload").get("transferred").asLong());
            }
        }
        assertThat(mine).containsExactly("transfer.started 0", "transfer.progress " + MiB,
                "transfer.finished " + MiB);
    }

    @Test
    void idleConnectionsAreDroppedAfterTheTicketsInactivityTimeout() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        String ticket = tickets.add(volume, MiB, false, 300,
                Http.JSON.createObjectNode().put("inactivity_timeout", 1));
        try (Socket s = new Socket("127.0.0.1", agent.imageioPort())) {
            s.setSoTimeout(10_000);
            send(s, "OPTIONS /images/" + ticket + " HTTP/1.1\r\nHost: x\r\n\r\n");
            String reply = readAvailable(s.getInputStream());
            assertThat(reply).startsWith("HTTP/1.1 200");
            assertThat(info(ticket).get("connections").asInt()).isEqualTo(1);
            Instant start = Instant.now();
            assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
        poll(() -> info(ticket).get("connections").asInt() == 0, Duration.ofSeconds(5), "connection detached");
    }

    @Test
    void aSlowlorisClientIsCutWhileOthersAreServed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", agent.imageioPort())) {
            s.setSoTimeout(10_000);
            send(s, "GET /info/ HTTP/1.1\r\nHost: x\r\n");
            Instant start = Instant.now();
            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.imageioPort() + "/info/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(200);
            send(s, "X-Slow: 1\r\n");
            assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aClientVanishingMidUploadLeavesTheRestOfTheImageAlone() throws Exception {
        Path volume = tickets.rawVolume(4L * MiB, 0, 4L * MiB);
        byte[] before = Files.readAllBytes(volume);
        String ticket = tickets.add(volume, 4L * MiB, true);
        int sent = 256 * 1024;
        try (Socket s = new Socket("127.0.0.1", agent.imageioPort())) {
            send(s, "PUT /images/" + ticket + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + 2 * MiB
                    + "\r\nContent-Range: bytes " + MiB + "-" + (3 * MiB - 1) + "/*\r\n\r\n");
            byte[] ones = new byte[sent];
            Arrays.fill(ones, (byte) 1);
            s.getOutputStream().write(ones);
            s.getOutputStream().flush();
            poll(() -> info(ticket).get("transferred").asLong() == sent, Duration.ofSeconds(10), "bytes written");
        }
        poll(() -> info(ticket).get("connections").asInt() == 0 && !info(ticket).get("active").asBoolean(),
                Duration.ofSeconds(10), "the server noticed");
        byte[] after = Files.readAllBytes(volume);
        assertThat(Arrays.copyOfRange(after, 0, MiB)).isEqualTo(Arrays.copyOfRange(before, 0, MiB));
        assertThat(Arrays.copyOfRange(after, MiB, MiB + sent)).containsOnly(1);
        assertThat(Arrays.copyOfRange(after, MiB + sent, 4 * MiB)).isEqualTo(Arrays.copyOfRange(before, MiB + sent, 4 * MiB));
        assertThat(options(ticket)).isEqualTo(200);
    }

    /** Storage asks transfers (VolumeUsers) before deleting: refused while a ticket names the volume, by ids or URL. */
    @Test
    void aVolumeUnderATransferCannotBeDeletedUntilItsTicketIsRemoved() throws Exception {
        Path byIds = tickets.rawVolume(MiB, 0, 4096);
        Path byUrl = tickets.rawVolume(MiB);
        String transfer = "import-" + java.util.UUID.randomUUID();
        String first = tickets.add(byIds, MiB, true, 300, Http.JSON.createObjectNode().put("transfer_id", transfer));
        String second = tickets.add(byUrl, MiB, false, 300, ImageTickets.byUrl(byUrl));
        for (Path volume : List.of(byIds, byUrl)) {
            Http.Reply refused = tickets.delete(volume);
            assertThat(refused.json().get("code").asInt()).as(refused.body()).isEqualTo(203);
            assertThat(volume).exists();
        }
        // named by their transfer (a stand-in without transfer_id), never by the ticket id: other callers see this
        assertThat(tickets.delete(byIds).body()).contains("in use by image transfer " + transfer).doesNotContain(first);
        assertThat(tickets.delete(byUrl).body()).contains("in use by image transfer ticket-").doesNotContain(second);
        assertThat(tickets.info(byIds).get("usedBy").asText()).isEqualTo("image transfer " + transfer);

        tickets.remove(first);
        assertThat(tickets.info(byIds).get("inUse").asBoolean()).isFalse();
        Http.Reply deleted = tickets.delete(byIds);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(byIds).doesNotExist();
        assertThat(tickets.delete(byUrl).json().get("code").asInt()).isEqualTo(203);
        tickets.remove(second);
        assertThat(tickets.delete(byUrl).status()).isEqualTo(200);
    }

    @Test
    void ticketVerbsValidateTheirInput() throws Exception {
        Path volume = tickets.rawVolume(MiB);
        JsonNode ok = ImageTickets.target(volume).put("uuid", java.util.UUID.randomUUID().toString())
                .put("size", MiB).put("timeout", 10).set("ops", Http.JSON.createArrayNode().add("read"));
        Http.Reply wrongType = addTicket(((com.fasterxml.jackson.databind.node.ObjectNode) ok.deepCopy()).put("size", "10"));
        assertThat(wrongType.json().get("code").asInt()).isEqualTo(5002);
        assertThat(wrongType.body()).contains("ticket.size");
        Http.Reply badOp = addTicket(((com.fasterxml.jackson.databind.node.ObjectNode) ok.deepCopy())
                .set("ops", Http.JSON.createArrayNode().add("delete")));
        assertThat(badOp.json().get("code").asInt()).isEqualTo(5002);
        Http.Reply outside = addTicket(((com.fasterxml.jackson.databind.node.ObjectNode) ok.deepCopy())
                .<com.fasterxml.jackson.databind.node.ObjectNode>without(List.of("storagedomainID", "imageID", "volumeID")).put("url", "file:///etc/passwd"));
        assertThat(outside.json().get("code").asInt()).isEqualTo(5002);
        assertThat(outside.body()).contains("not the file of a LEGAL volume of an active storage domain");
        Http.Reply nbd = addTicket(((com.fasterxml.jackson.databind.node.ObjectNode) ok.deepCopy())
                .<com.fasterxml.jackson.databind.node.ObjectNode>without(List.of("storagedomainID", "imageID", "volumeID")).put("url", "nbd:unix:/tmp/x.sock"));
        assertThat(nbd.json().get("code").asInt()).isEqualTo(5002);
        Http.Reply both = addTicket(((com.fasterxml.jackson.databind.node.ObjectNode) ok.deepCopy())
                .put("url", volume.toUri().toString()));
        assertThat(both.json().get("code").asInt()).isEqualTo(5002);
        Http.Reply byUrl = addTicket(((com.fasterxml.jackson.databind.node.ObjectNode) ok.deepCopy())
                .<com.fasterxml.jackson.databind.node.ObjectNode>without(List.of("storagedomainID", "imageID", "volumeID")).put("url", volume.toUri().toString()));
        assertThat(byUrl.status()).as(byUrl.body()).isEqualTo(200);
        Http.Reply again = addTicket((com.fasterxml.jackson.databind.node.ObjectNode) ok);
        assertThat(again.json().get("code").asInt()).isEqualTo(5101);
        Http.Reply missing = tickets.call("Host.get_image_ticket",
                Http.JSON.createObjectNode().put("uuid", java.util.UUID.randomUUID().toString()));
        assertThat(missing.json().get("code").asInt()).isEqualTo(5100);
    }

    private static Http.Reply addTicket(JsonNode ticket) throws Exception {
        return tickets.call("Host.add_image_ticket", Http.JSON.createObjectNode().set("ticket", ticket));
    }

    private static JsonNode info(String ticket) {
        try {
            return tickets.info(ticket);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void send(Socket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one short response (headers and a small body) from the socket. */
    private static String readAvailable(InputStream in) throws Exception {
        byte[] buf = new byte[8192];
        int n = in.read(buf);
        Instant deadline = Instant.now().plusSeconds(2);
        String text = new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        while (!text.contains("\r\n\r\n") && Instant.now().isBefore(deadline)) {
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            }
            text += new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        }
        return text;
    }

    private static void poll(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
