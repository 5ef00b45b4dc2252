package io.hostbridge.binding.stomp;

import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** {@link ProbeStreamApi}: what each stream ended with is a future the tests wait for. */
final class ProbeStreams implements ProbeStreamApi {
    /** What each sink received, or how it failed (a StreamAbortedException when the stream was aborted). */
    final Map<String, CompletableFuture<byte[]>> sinks = new ConcurrentHashMap<>();
    /** What a sink named {@code held…} waits for before it takes anything. */
    final CountDownLatch held = new CountDownLatch(1);
    /** How each source ended: null when all was sent, or the exception it stopped on. */
    final CompletableFuture<Throwable> sourceEnd = new CompletableFuture<>();

    static byte[] pattern(long size) {
        byte[] bytes = new byte[(int) size];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + i / 4099);
        }
        return bytes;
    }

    CompletableFuture<byte[]> sinkResult(String name) {
        return sinks.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    @Override
    public StreamHandler sink(String name) {
        CompletableFuture<byte[]> result = sinkResult(name);
        return channel -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            if (name.startsWith("held")) {
                held.await();
            }
            try {
                while (true) {
                    StreamInput in = channel.receive();
                    if (in.isEnd()) {
                        break;
                    }
                    if (in.isData()) {
                        ByteBuffer data = in.data();
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        kept.writeBytes(bytes);
                    } else {
                        kept.writeBytes(new byte[(int) in.length()]);
                    }
                }
            } catch (StreamAbortedException e) {
                result.completeExceptionally(e);
                throw e;
            }
            result.complete(kept.toByteArray());
        };
    }

    @Override
    public StreamHandler source(long size, long hole) {
        return channel -> {
            try {
                channel.send(ByteBuffer.wrap(pattern(size))); // the bridge cuts it in packets of 256 KiB
                if (hole > 0) {
                    channel.sendHole(hole);
                }
            } catch (StreamAbortedException e) {
                sourceEnd.complete(e);
                throw e;
            }
            sourceEnd.complete(null);
        };
    }

    @Override
    public boolean ping() {
        return true;
    }
}
