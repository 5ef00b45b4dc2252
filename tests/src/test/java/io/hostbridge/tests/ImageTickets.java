package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Storage and tickets for the image transfer tests, all made through the agent's REST API: one real localfs
 * storage domain per test class (in the agent's temporary directory, made on first use), real RAW and COW
 * volumes in it, and tickets naming them by their ids.
 */
final class ImageTickets {
    static final int MiB = 1 << 20;
    private static final String BLANK = "00000000-0000-0000-0000-000000000000";

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final AgentExtension agent;
    private final boolean tls;
    private HttpClient http;
    private String domain;

    ImageTickets(AgentExtension agent) {
        this(agent, false);
    }

    /** @param tls the agent's data port speaks TLS ({@code imageio.tls}): data requests go over https, trusting its CA */
    ImageTickets(AgentExtension agent, boolean tls) {
        this.agent = agent;
        this.tls = tls;
    }

    /** The client of the data requests: {@link #HTTP}, or one that trusts the agent's CA when the port speaks TLS. */
    synchronized HttpClient http() throws Exception {
        if (http == null) {
            http = !tls ? HTTP : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(HostPki.open(PkiSettings.own(agent.pkiDir())).client()).build();
        }
        return http;
    }

    /** The class's storage domain: made by {@code StorageDomain.create} on first use. */
    synchronized String domain() throws Exception {
        if (domain == null) {
            Path dir = Files.createDirectories(agent.stateDir().resolveSibling("domains"));
            String id = UUID.randomUUID().toString();
            ok("StorageDomain.create", Http.JSON.createObjectNode().put("storagedomainID", id)
                    .put("domainType", "localfs").put("typeArgs", dir.toString()).put("name", "transfers")
                    .put("domainClass", "data"));
            domain = id;
        }
        return domain;
    }

    /** A new sparse RAW volume of {@code size} bytes, in a new image, with random data in each {@code [start, end)}. */
    Path rawVolume(long size, long... dataRanges) throws Exception {
        Path path = volume(UUID.randomUUID().toString(), size, "RAW", null);
        Random random = new Random(path.hashCode());
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            for (int i = 0; i + 1 < dataRanges.length; i += 2) {
                byte[] data = new byte[(int) (dataRanges[i + 1] - dataRanges[i])];
                random.nextBytes(data);
                f.seek(dataRanges[i]);
                f.write(data);
            }
        }
        return path;
    }

    /** A new empty COW (qcow2) volume of {@code size} bytes in a new image. */
    Path cowVolume(long size) throws Exception {
        return volume(UUID.randomUUID().toString(), size, "COW", null);
    }

    /** A COW snapshot of {@code parent} (the leaf of its image), in the parent's image. */
    Path snapshot(Path parent) throws Exception {
        long size = info(parent).get("capacity").asLong();
        return volume(parent.getParent().getFileName().toString(), size, "COW", parent.getFileName().toString());
    }

    /** {@code Volume.create} (sparse), then the new volume's file as {@code Volume.getInfo} reports it. */
    private Path volume(String image, long size, String format, String parent) throws Exception {
        String id = UUID.randomUUID().toString();
        ok("Volume.create", Http.JSON.createObjectNode().put("storagedomainID", domain()).put("imageID", image)
                .put("volumeID", id).put("size", size).put("volFormat", format).put("preallocate", "SPARSE")
                .put("desc", "transfer test").put("srcImgUUID", BLANK).put("srcVolUUID", parent == null ? BLANK : parent));
        JsonNode info = ok("Volume.getInfo", volumeIds(domain(), image, id));
        assertThat(info.get("legality").asText()).isEqualTo("LEGAL");
        return Path.of(info.get("path").asText());
    }

    /** {@code Volume.getInfo} of a volume made here. */
    JsonNode info(Path volume) throws Exception {
        return ok("Volume.getInfo", target(volume));
    }

    /** {@code Volume.delete} of a volume made here, as the agent answers it. */
    Http.Reply delete(Path volume) throws Exception {
        return call("Volume.delete", target(volume));
    }

    /** The ids of a volume made here, from its place in the domain: {@code <domain>/images/<image>/<volume>}. */
    static ObjectNode target(Path volume) {
        return volumeIds(volume.getParent().getParent().getParent().getFileName().toString(),
                volume.getParent().getFileName().toString(), volume.getFileName().toString());
    }

    private static ObjectNode volumeIds(String domain, String image, String volume) {
        return Http.JSON.createObjectNode().put("storagedomainID", domain).put("imageID", image)
                .put("volumeID", volume);
    }

    /** Ticket fields that name {@code volume} by its {@code file://} URL instead of its ids (for {@link #add}). */
    static ObjectNode byUrl(Path volume) {
        return Http.JSON.createObjectNode().put("url", volume.toUri().toString());
    }

    /** Adds a ticket for {@code volume} (by its ids, unless {@code extra} has a url) and returns its id. */
    String add(Path volume, long size, boolean write, long timeout, ObjectNode extra) throws Exception {
        String id = UUID.randomUUID().toString();
        ObjectNode ticket = target(volume);
        ticket.put("uuid", id);
        ticket.put("size", size);
        ticket.putArray("ops").add("read");
        if (write) {
            ticket.withArray("ops").add("write");
        }
        ticket.put("timeout", timeout);
        if (extra != null) {
            if (extra.has("url")) {
                ticket.remove(List.of("storagedomainID", "imageID", "volumeID"));
            }
            ticket.setAll(extra);
        }
        ok("Host.add_image_ticket", Http.JSON.createObjectNode().set("ticket", ticket));
        return id;
    }

    String add(Path volume, long size, boolean write) throws Exception {
        return add(volume, size, write, 300, null);
    }

    JsonNode info(String id) throws Exception {
        return ok("Host.get_image_ticket", Http.JSON.createObjectNode().put("uuid", id));
    }

    void remove(String id) throws Exception {
        ok("Host.remove_image_ticket", Http.JSON.createObjectNode().put("uuid", id));
    }

    private JsonNode ok(String verb, JsonNode params) throws Exception {
        Http.Reply r = call(verb, params);
        assertThat(r.status()).as(verb + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    Http.Reply call(String verb, JsonNode params) throws Exception {
        return Http.post(agent.uri("/api/v1/rpc/" + verb), params.toString());
    }

    String url(String ticket) {
        return (tls ? "https://localhost:" : "http://127.0.0.1:") + agent.imageioPort() + "/images/" + ticket;
    }

    /** PUT of {@code source[offset, offset + length)} at {@code offset}, not flushed; returns the status. */
    int put(String ticket, byte[] source, long offset, int length) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url(ticket) + "?flush=n"))
                .header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/*")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(source, (int) offset, length)).build();
        return http().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** PATCH with a JSON body; returns the status. */
    int patch(String ticket, String json) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url(ticket)))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        return http().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int zero(String ticket, long offset, long length) throws Exception {
        return patch(ticket, "{\"op\":\"zero\",\"offset\":" + offset + ",\"size\":" + length + "}");
    }

    /** GET of {@code [offset, offset + length)} into {@code into} at the same offset; returns the status. */
    int get(String ticket, byte[] into, int offset, int length) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url(ticket)))
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1)).GET().build();
        HttpResponse<byte[]> response = http().send(r, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.body()).hasSize(length);
        System.arraycopy(response.body(), 0, into, offset, length);
        return response.statusCode();
    }

    /** The whole image, by one GET without a range (200). */
    byte[] download(String ticket) throws Exception {
        HttpResponse<byte[]> r = http().send(HttpRequest.newBuilder(URI.create(url(ticket))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** A JSON answer of the data server ({@code path} after the ticket's URL, e.g. "/extents"), expected 200. */
    JsonNode json(String ticket, String path) throws Exception {
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(url(ticket) + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.JSON.readTree(r.body());
    }
}
