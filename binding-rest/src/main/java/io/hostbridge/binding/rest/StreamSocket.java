package io.hostbridge.binding.rest;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.stream.AttachedStream;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPort;
import io.hostbridge.http.WebSocketHandler;
import io.hostbridge.http.WebSocketSession;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One stream on one WebSocket: the caller's messages become the stream's packets (binary: data; text: a
 * {@link StreamStatus}), numbered here in the order they came, and the stream's packets become messages. The
 * WebSocket closes when the stream ends, after its last packet; the stream is aborted when the WebSocket goes.
 */
final class StreamSocket implements WebSocketHandler {
    private final WebSocketSession session;
    private final StreamPort port = new Port();
    private volatile AttachedStream stream;
    private volatile boolean ended;
    /** The next packet's number; messages come one at a time, in order. */
    private long seq;

    StreamSocket(WebSocketSession session) {
        this.session = session;
    }

    /** The bridge attaches the stream: its packets go here. */
    StreamPort attach(AttachedStream attached) {
        this.stream = attached;
        return port;
    }

    // ---- the caller's messages ----

    @Override
    public void text(String message) {
        StreamPacket packet;
        try {
            packet = StreamStatus.packet(message, seq);
        } catch (BridgeException e) {
            abort(e.error(), e.getMessage());
            return;
        }
        seq++;
        stream.receive(packet);
    }

    @Override
    public void binary(ByteBuffer message) {
        stream.receive(StreamPacket.data(seq++, message));
    }

    /**
     * The WebSocket refused what the caller sent (a message over 256 KiB, a broken frame) and closes with its own
     * code: the caller hears why in the stream's terms first; the stream is detached when the WebSocket is gone.
     */
    @Override
    public void refused(int closeCode, String reason) {
        tell(closeCode == 1009 ? ErrorCode.REQUEST_TOO_LARGE : ErrorCode.STREAM_PROTOCOL_ERROR, reason);
    }

    /**
     * What the caller sent is no packet at all: the caller hears why, as an ERROR would tell it, and the stream is
     * aborted (as the caller's own ERROR would), which closes the WebSocket.
     */
    private void abort(ErrorCode code, String message) {
        tell(code, message);
        stream.receive(StreamPacket.error(seq++, code.code(), message));
    }

    private void tell(ErrorCode code, String message) {
        try {
            session.sendText(StreamStatus.text(StreamPacket.error(seq, code.code(), message)));
        } catch (IOException e) {
            // the WebSocket is gone: the stream is detached with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void closed() {
        if (!ended) {
            stream.detach();
        }
    }

    /** The stream's packets: data as binary messages, the rest as status texts; its end closes the WebSocket. */
    private final class Port implements StreamPort {
        @Override
        public void send(StreamPacket packet) throws IOException, InterruptedException {
            if (packet.status() == StreamPacket.Status.CONTINUE && !packet.isEndOfData()) {
                session.sendBinary(packet.data());
            } else {
                session.sendText(StreamStatus.text(packet));
            }
        }

        @Override
        public void closed() {
            ended = true;
            session.close(1000, "stream ended");
        }
    }
}
