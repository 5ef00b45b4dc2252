package io.hostbridge.bridge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.nio.ByteBuffer;

/** The caller's side of one stream: sends packets numbered from 0 as a well-behaved caller does. */
final class CallerEnd {
    private final String id;
    private final AttachedStream stream;
    private final TestPort port;
    private long seq;

    CallerEnd(String id, AttachedStream stream, TestPort port) {
        this.id = id;
        this.stream = stream;
        this.port = port;
    }

    String id() {
        return id;
    }

    AttachedStream stream() {
        return stream;
    }

    TestPort port() {
        return port;
    }

    CallerEnd data(byte[] bytes) {
        return send(StreamPacket.data(seq, ByteBuffer.wrap(bytes)));
    }

    CallerEnd hole(long length) {
        return send(StreamPacket.hole(seq, length));
    }

    /** An empty CONTINUE: the end of data, which only the agent may send. */
    CallerEnd endOfData() {
        return send(StreamPacket.endOfData(seq));
    }

    CallerEnd ok() {
        return send(StreamPacket.ok(seq));
    }

    CallerEnd error() {
        return send(StreamPacket.error(seq, 100, "the caller gives up"));
    }

    /** Sends {@code packet} as it is (its own seq), then counts on from it. */
    CallerEnd send(StreamPacket packet) {
        stream.receive(packet);
        seq = packet.seq() + 1;
        return this;
    }

    StreamPacket next() throws InterruptedException {
        return port.next();
    }

    /** The agent's last packet, {@code status} numbered {@code seq}: then the stream ends, sending nothing more. */
    StreamPacket last(Status status, long seq) throws InterruptedException {
        StreamPacket p = next();
        assertThat(p.status()).as("status of %s", p).isEqualTo(status);
        assertThat(p.seq()).as("seq of %s", p).isEqualTo(seq);
        ended();
        assertThat(port.unread()).as("packets after the last").isEmpty();
        return p;
    }

    /** Waits until the stream ended; checks that it ended once and sent nothing after. */
    void ended() throws InterruptedException {
        port.awaitClosed();
        assertThat(port.closes()).isEqualTo(1);
        assertThat(port.sentAfterClose()).isFalse();
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return b;
    }
}
