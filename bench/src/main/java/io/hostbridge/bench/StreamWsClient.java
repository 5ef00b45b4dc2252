package io.hostbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket stream client for bench/streams.sh with the JDK's own WebSocket, so that the client is not what is
 * measured (Python's websockets masks in pure Python on Debian): Volume.upload of FILE or Volume.download into FILE
 * over the agent's plain loopback HTTP port; prints the seconds from the call to the agent's final ok.
 *
 * <p>Usage: {@code StreamWsClient PORT upload|download SD IMG VOL FILE}; prints the seconds of each of the
 * {@link Transfers#count()} transfers, a line each
 */
public final class StreamWsClient {
    private static final int PACKET = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamWsClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, Object> volume = Map.of("storagedomainID", args[2], "imageID", args[3], "volumeID", args[4]);
        Path file = Path.of(args[5]);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < Transfers.count(); i++) {
            long start = System.nanoTime();
            if (args[1].equals("upload")) {
                upload(http, port, volume, file);
            } else {
                download(http, port, volume, file);
            }
            System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static String call(HttpClient http, int port, String verb, Map<String, Object> params) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/rpc/" + verb)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(params))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(verb + ": " + r.body());
        }
        return (String) JSON.readValue(r.body(), Map.class).get("streamId");
    }

    private static void upload(HttpClient http, int port, Map<String, Object> volume, Path file) throws Exception {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, Object> params = new java.util.HashMap<>(volume);
            params.put("size", in.size());
            Listener listener = new Listener(null);
            WebSocket ws = connect(http, port, call(http, port, "Volume.upload", params), listener);
            while (true) {
                ByteBuffer buffer = ByteBuffer.allocate(PACKET);
                if (in.read(buffer) <= 0) {
                    break;
                }
                buffer.flip();
                ws.sendBinary(buffer, true).get(60, TimeUnit.SECONDS);
            }
            ws.sendText("{\"status\":\"ok\"}", true).get(60, TimeUnit.SECONDS);
            String answer = listener.done.get(600, TimeUnit.SECONDS);
            if (!answer.contains("\"ok\"")) {
                throw new IOException("upload: " + answer);
            }
        }
    }

    private static void download(HttpClient http, int port, Map<String, Object> volume, Path file) throws Exception {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            Listener listener = new Listener(out.getChannel());
            connect(http, port, call(http, port, "Volume.download", volume), listener);
            String answer = listener.done.get(600, TimeUnit.SECONDS);
            if (!answer.contains("\"ok\"")) {
                throw new IOException("download: " + answer);
            }
        }
    }

    private static WebSocket connect(HttpClient http, int port, String streamId, Listener listener) throws Exception {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/streams/"
                + streamId), listener).get(30, TimeUnit.SECONDS);
    }

    /** Writes data at the file's position, keeps holes, answers eof with ok; completes on ok or error. */
    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<String> done = new CompletableFuture<>();
        private final FileChannel out;
        private final StringBuilder text = new StringBuilder();
        private long position;

        Listener(FileChannel out) {
            this.out = out;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            try {
                while (data.hasRemaining()) {
                    position += out.write(data, position);
                }
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String status = text.toString();
                text.setLength(0);
                try {
                    Map<?, ?> packet = JSON.readValue(status, Map.class);
                    switch (String.valueOf(packet.get("status"))) {
                        case "hole" -> position += ((Number) packet.get("length")).longValue();
                        case "eof" -> {
                            out.truncate(position);
                            if (out.size() < position) {
                                out.write(ByteBuffer.allocate(1), position - 1);
                            }
                            ws.sendText("{\"status\":\"ok\"}", true);
                        }
                        default -> done.complete(status);
                    }
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            done.complete("closed " + code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            done.completeExceptionally(error);
        }
    }
}
