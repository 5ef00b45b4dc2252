package io.hostbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A WebSocket stream client for bench/streams.sh that costs the measurement as little as curl costs the data
 * server's: RFC 6455 on a blocking {@link SocketChannel} (the API's unix socket, or a loopback TCP port), frames
 * written with one gathering write, masked eight bytes at a time, and binary messages written to the file straight
 * from the read buffer. The JDK's WebSocket client delivers each message in small parts and Debian's Python
 * {@code websockets} masks in the interpreter; both stay in the benchmark beside this one.
 *
 * <p>Usage: {@code RawWsClient SOCKET|PORT upload|download SD IMG VOL FILE}; prints the seconds from the call to the
 * agent's final ok, a line for each of the {@link Transfers#count()} transfers.
 */
public final class RawWsClient {
    private static final int PACKET = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketAddress address;
    private final StandardProtocolFamily family;

    private RawWsClient(String where) {
        if (where.matches("\\d+")) {
            address = new InetSocketAddress("127.0.0.1", Integer.parseInt(where));
            family = StandardProtocolFamily.INET;
        } else {
            address = UnixDomainSocketAddress.of(where);
            family = StandardProtocolFamily.UNIX;
        }
    }

    public static void main(String[] args) throws Exception {
        RawWsClient client = new RawWsClient(args[0]);
        Map<String, Object> volume = new HashMap<>(Map.of("storagedomainID", args[2], "imageID", args[3],
                "volumeID", args[4]));
        Path file = Path.of(args[5]);
        for (int i = 0; i < Transfers.count(); i++) {
            long start = System.nanoTime();
            if (args[1].equals("upload")) {
                client.upload(new HashMap<>(volume), file);
            } else {
                client.download(new HashMap<>(volume), file);
            }
            System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(family);
        channel.connect(address);
        return channel;
    }

    /** POST /api/v1/rpc/VERB on a connection of its own; returns the result's streamId. */
    private String call(String verb, Map<String, Object> params) throws IOException {
        byte[] body = JSON.writeValueAsBytes(params);
        try (SocketChannel channel = open()) {
            writeAll(channel, ByteBuffer.wrap(("POST /api/v1/rpc/" + verb + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            writeAll(channel, ByteBuffer.wrap(body));
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (channel.read(in) >= 0 && in.hasRemaining()) {
                // until the agent closes the connection
            }
            String response = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 200") || split < 0) {
                throw new IOException(verb + ": " + response);
            }
            return (String) JSON.readValue(response.substring(split + 4), Map.class).get("streamId");
        }
    }

    /** The upgraded connection, and what the agent sent after its 101 (the start of the first frames). */
    private record Socket(SocketChannel channel, ByteBuffer in) {
    }

    private Socket connect(String streamId) throws IOException {
        SocketChannel channel = open();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        writeAll(channel, ByteBuffer.wrap(("GET /api/v1/streams/" + streamId + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocateDirect(2 * PACKET);
        int end;
        while ((end = headersEnd(in)) < 0) {
            if (channel.read(in) < 0) {
                throw new IOException("the agent closed the connection during the upgrade");
            }
        }
        byte[] head = new byte[end];
        in.flip();
        in.get(head);
        String response = new String(head, StandardCharsets.US_ASCII);
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!response.startsWith("HTTP/1.1 101") || !response.contains(accept)) {
            throw new IOException("upgrade refused: " + response);
        }
        in.compact();
        return new Socket(channel, in);
    }

    /** The index just past the first blank line of what {@code in} (in write mode) holds, or -1. */
    private static int headersEnd(ByteBuffer in) {
        for (int i = 3; i < in.position(); i++) {
            if (in.get(i - 3) == '\r' && in.get(i - 2) == '\n' && in.get(i - 1) == '\r' && in.get(i) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private void upload(Map<String, Object> volume, Path file) throws IOException {
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            volume.put("size", source.size());
            Socket socket = connect(call("Volume.upload", volume));
            try (SocketChannel channel = socket.channel()) {
                ByteBuffer header = ByteBuffer.allocateDirect(14);
                ByteBuffer payload = ByteBuffer.allocateDirect(PACKET);
                while (true) {
                    payload.clear();
                    while (payload.hasRemaining() && source.read(payload) > 0) {
                        // a whole packet, but for the file's last one
                    }
                    payload.flip();
                    if (!payload.hasRemaining()) {
                        break;
                    }
                    sendFrame(channel, 0x2, header, payload);
                }
                sendText(channel, header, "{\"status\":\"ok\"}");
                String answer = readUntilFinal(socket, null);
                if (!answer.contains("\"ok\"")) {
                    throw new IOException("upload: " + answer);
                }
            }
        }
    }

    private void download(Map<String, Object> volume, Path file) throws IOException {
        Socket socket = connect(call("Volume.download", volume));
        try (SocketChannel channel = socket.channel();
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            String answer = readUntilFinal(socket, out);
            if (!answer.contains("\"ok\"")) {
                throw new IOException("download: " + answer);
            }
        }
    }

    /**
     * Reads frames until the agent's final status (ok or error), returned as its JSON text. Binary messages go to
     * {@code out} at the current position, holes move it, eof is answered with ok; without {@code out}, binary
     * messages are a protocol error.
     */
    private String readUntilFinal(Socket socket, FileChannel out) throws IOException {
        SocketChannel channel = socket.channel();
        ByteBuffer in = socket.in(); // write mode
        ByteBuffer header = ByteBuffer.allocateDirect(14);
        long position = 0;
        while (true) {
            fill(channel, in, 2);
            int b0 = in.get(0) & 0xff;
            int b1 = in.get(1) & 0x7f;
            int headerLength = b1 == 126 ? 4 : b1 == 127 ? 10 : 2;
            fill(channel, in, headerLength);
            long length = b1 == 126 ? in.getShort(2) & 0xffff : b1 == 127 ? in.getLong(2) : b1;
            if ((in.get(1) & 0x80) != 0 || (b0 & 0x80) == 0) {
                throw new IOException("a masked or fragmented frame from the agent");
            }
            int opcode = b0 & 0x0f;
            in.flip();
            in.position(headerLength);
            if (opcode == 0x2) {
                if (out == null) {
                    throw new IOException("binary data on an upload");
                }
                long left = length;
                while (left > 0) {
                    if (!in.hasRemaining()) {
                        in.clear();
                        if (channel.read(in) < 0) {
                            throw new IOException("the agent closed the connection mid-frame");
                        }
                        in.flip();
                    }
                    ByteBuffer part = in.slice(in.position(), (int) Math.min(left, in.remaining()));
                    int n = part.remaining();
                    while (part.hasRemaining()) {
                        position += out.write(part, position);
                    }
                    in.position(in.position() + n);
                    left -= n;
                }
                in.compact();
                continue;
            }
            in.compact();
            fill(channel, in, (int) length);
            byte[] bytes = new byte[(int) length];
            in.flip();
            in.get(bytes);
            in.compact();
            if (opcode == 0x8) {
                return "closed: " + new String(bytes, StandardCharsets.UTF_8);
            }
            if (opcode != 0x1) {
                continue; // ping or pong: nothing this client needs to answer
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            Map<?, ?> status = JSON.readValue(text, Map.class);
            switch (String.valueOf(status.get("status"))) {
                case "hole" -> position += ((Number) status.get("length")).longValue();
                case "eof" -> {
                    if (out.size() < position) {
                        out.write(ByteBuffer.allocate(1), position - 1);
                    }
                    sendText(channel, header, "{\"status\":\"ok\"}");
                }
                default -> {
                    return text;
                }
            }
        }
    }

    /** Reads until {@code in} (write mode) holds at least {@code n} bytes. */
    private static void fill(SocketChannel channel, ByteBuffer in, int n) throws IOException {
        while (in.position() < n) {
            if (channel.read(in) < 0) {
                throw new IOException("the agent closed the connection");
            }
        }
    }

    private static void sendText(SocketChannel channel, ByteBuffer header, String text) throws IOException {
        ByteBuffer payload = ByteBuffer.allocateDirect(text.length());
        payload.put(text.getBytes(StandardCharsets.UTF_8)).flip();
        sendFrame(channel, 0x1, header, payload);
    }

    /** One final frame, masked in place (the payload is the client's to spoil). */
    private static void sendFrame(SocketChannel channel, int opcode, ByteBuffer header, ByteBuffer payload)
            throws IOException {
        int mask = RANDOM.nextInt();
        int length = payload.remaining();
        header.clear();
        header.put((byte) (0x80 | opcode));
        if (length < 126) {
            header.put((byte) (0x80 | length));
        } else if (length < 65536) {
            header.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            header.put((byte) (0x80 | 127)).putLong(length);
        }
        header.putInt(mask).flip();
        long wide = ((long) mask << 32) | (mask & 0xffffffffL);
        int start = payload.position();
        int i = start;
        for (int end = payload.limit() - 7; i < end; i += 8) {
            payload.putLong(i, payload.getLong(i) ^ wide);
        }
        for (; i < payload.limit(); i++) {
            payload.put(i, (byte) (payload.get(i) ^ (mask >>> (24 - 8 * ((i - start) & 3)))));
        }
        ByteBuffer[] frame = {header, payload};
        while (payload.hasRemaining()) {
            channel.write(frame);
        }
    }

    private static void writeAll(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
