package io.hostbridge.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Volume data through the agent's image data server (imageio's protocol, docs/imageio.md), as a backup or import
 * tool moves it: a ticket for the volume, then the data, sparse both ways (runs of zeros travel as zero requests, and
 * a download writes only the extents that hold data), then the ticket is removed.
 */
final class ImageTransfers {
    /** Bytes per request. */
    static final int CHUNK = 4 << 20;
    private static final Duration TICKET_TIMEOUT = Duration.ofMinutes(5);
    private static final Map<String, String> JSON = Map.of("Accept", "application/json");

    private final HostbridgeClient client;
    private final Http1 data;
    private final Duration timeout;

    ImageTransfers(HostbridgeClient client, Http1 data, Duration timeout) {
        this.client = client;
        this.data = data;
        this.timeout = timeout;
    }

    HostbridgeClient.Transferred upload(Path file, UUID sd, UUID image, UUID volume, TransferProgress progress)
            throws IOException {
        long size = Files.size(file);
        long capacity = capacity(sd, image, volume);
        if (size > capacity) {
            throw new IllegalArgumentException(file + " holds " + size + " bytes; the volume only " + capacity);
        }
        String ticket = ticket(sd, image, volume, capacity, true);
        long dataBytes = 0;
        long zeroBytes = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long zeroStart = -1;
            for (long offset = 0; offset < size; offset += buffer.limit()) {
                buffer.clear().limit((int) Math.min(CHUNK, size - offset));
                while (buffer.hasRemaining()) {
                    if (in.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException(file + " ended early");
                    }
                }
                if (allZero(buffer.array(), buffer.limit())) {
                    zeroStart = zeroStart < 0 ? offset : zeroStart;
                    zeroBytes += buffer.limit();
                } else {
                    if (zeroStart >= 0) {
                        zero(ticket, zeroStart, offset - zeroStart);
                        zeroStart = -1;
                    }
                    put(ticket, offset, Arrays.copyOf(buffer.array(), buffer.limit()));
                    dataBytes += buffer.limit();
                }
                progress.update(offset + buffer.limit(), size);
            }
            // what the file has not, up to the volume's end, is zeros too
            long tail = zeroStart >= 0 ? zeroStart : size;
            if (tail < capacity) {
                zero(ticket, tail, capacity - tail);
            }
            patch(ticket, "{\"op\":\"flush\"}");
        } finally {
            client.call("Host.remove_image_ticket", Map.of("uuid", ticket));
        }
        return new HostbridgeClient.Transferred(size, dataBytes, zeroBytes);
    }

    HostbridgeClient.Transferred download(UUID sd, UUID image, UUID volume, Path file, TransferProgress progress)
            throws IOException {
        long capacity = capacity(sd, image, volume);
        String ticket = ticket(sd, image, volume, capacity, false);
        long dataBytes = 0;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.setLength(capacity); // a sparse file: holes where the volume reads zeros
            FileChannel channel = out.getChannel();
            Http1.Reply extents = ok(data.request("GET", "/images/" + ticket + "/extents", JSON, null, timeout));
            long done = 0;
            for (JsonNode extent : Codec.JSON.readTree(extents.body())) {
                long start = extent.path("start").asLong();
                long length = extent.path("length").asLong();
                if (!extent.path("zero").asBoolean()) {
                    for (long offset = start; offset < start + length; offset += CHUNK) {
                        long end = Math.min(start + length, offset + CHUNK) - 1;
                        Http1.Reply piece = ok(data.request("GET", "/images/" + ticket,
                                Map.of("Range", "bytes=" + offset + "-" + end), null, timeout));
                        ByteBuffer bytes = ByteBuffer.wrap(piece.body());
                        while (bytes.hasRemaining()) {
                            channel.write(bytes, offset + bytes.position());
                        }
                        dataBytes += piece.body().length;
                        progress.update(done + (end + 1 - start), capacity);
                    }
                }
                done = start + length;
                progress.update(done, capacity);
            }
            channel.force(true);
        } finally {
            client.call("Host.remove_image_ticket", Map.of("uuid", ticket));
        }
        return new HostbridgeClient.Transferred(capacity, dataBytes, capacity - dataBytes);
    }

    private long capacity(UUID sd, UUID image, UUID volume) {
        Map<String, Object> info = asMap(client.call("Volume.getInfo", Map.of("storagedomainID", sd, "imageID", image,
                "volumeID", volume)));
        return ((Number) info.get("capacity")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private String ticket(UUID sd, UUID image, UUID volume, long size, boolean write) {
        String id = UUID.randomUUID().toString();
        client.call("Host.add_image_ticket", Map.of("ticket", Map.of("uuid", id, "size", size,
                "ops", write ? java.util.List.of("write") : java.util.List.of("read"),
                "timeout", TICKET_TIMEOUT.toSeconds(), "sparse", true, "storagedomainID", sd, "imageID", image,
                "volumeID", volume)));
        return id;
    }

    private void put(String ticket, long offset, byte[] bytes) throws IOException {
        ok(data.request("PUT", "/images/" + ticket + "?flush=n", Map.of("Content-Type", "application/octet-stream",
                "Content-Range", "bytes " + offset + "-" + (offset + bytes.length - 1) + "/*"), bytes, timeout));
    }

    private void zero(String ticket, long offset, long length) throws IOException {
        patch(ticket, "{\"op\":\"zero\",\"offset\":" + offset + ",\"size\":" + length + ",\"flush\":false}");
    }

    private void patch(String ticket, String operation) throws IOException {
        ok(data.request("PATCH", "/images/" + ticket, JSON, operation.getBytes(StandardCharsets.UTF_8), timeout));
    }

    /** A 2xx reply, or the data server's error as an exception (its body says what went wrong). */
    private static Http1.Reply ok(Http1.Reply reply) {
        if (reply.status() / 100 != 2) {
            String text = new String(reply.body(), StandardCharsets.UTF_8).strip();
            throw new HostbridgeException(0, null, "The image data server answered " + reply.status()
                    + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text)), null, null);
        }
        return reply;
    }

    private static boolean allZero(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
