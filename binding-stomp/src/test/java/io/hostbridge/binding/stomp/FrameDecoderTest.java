package io.hostbridge.binding.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final FrameDecoder decoder = new FrameDecoder(1024, 4096);

    private List<Frame> feed(String text) throws StompException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return decoder.feed(bytes, 0, bytes.length);
    }

    @Test
    void framesArriveWholeFromPiecesOfAnySize() throws StompException {
        String stream = "\n\r\nSEND\r\ndestination:a\\cb\ncontent-length:5\n\nab\0de\0\n\nSUBSCRIBE\nid:1\nid:2\n\n\0";
        List<Frame> frames = new ArrayList<>();
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            frames.addAll(decoder.feed(new byte[] {b}, 0, 1));
        }
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).command()).isEqualTo("SEND");
        assertThat(frames.get(0).header("destination")).isEqualTo("a:b");
        assertThat(new String(frames.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("ab\0de");
        assertThat(frames.get(1).header("id")).as("a repeated header's first value wins").isEqualTo("1");
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void streamPacketsTakeUpTo256KiBWhateverTheFrameLimitAndLargerOnesAreReadPast() throws StompException {
        FrameDecoder packets = new FrameDecoder(1024, 4096, StompStreams::isPacket, 256 * 1024);
        String head = "SEND\ndestination:" + StompStreams.DESTINATION + "\nstream:s\ncontent-length:";
        byte[] whole = packet(head, 256 * 1024);
        byte[] over = packet(head, 1024 * 1024);
        byte[] ping = bytes("SEND\ndestination:jms.topic.vdsm_requests\n\n{}\0");
        List<Frame> frames = new ArrayList<>();
        for (byte[] bytes : List.of(whole, over, ping)) {
            for (int at = 0; at < bytes.length; at += 1000) { // in reads of 1000 bytes
                frames.addAll(packets.feed(bytes, at, Math.min(1000, bytes.length - at)));
                assertThat(packets.buffered()).isLessThanOrEqualTo(256 * 1024 + 1024);
            }
        }
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).body()).hasSize(256 * 1024).containsOnly((byte) 7);
        assertThat(frames.get(0).dropped()).isZero();
        assertThat(frames.get(1).body()).as("never held").isEmpty();
        assertThat(frames.get(1).dropped()).isEqualTo(1024 * 1024);
        assertThat(frames.get(1).header("stream")).isEqualTo("s");
        assertThat(new String(frames.get(2).body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThatThrownBy(() -> packets.feed(bytes("SEND\ndestination:elsewhere\ncontent-length:4097\n\n"), 0, 48))
                .hasMessageContaining("content-length 4097 is more than the largest frame body");
        FrameDecoder noLength = new FrameDecoder(1024, 4096, StompStreams::isPacket, 8192);
        byte[] unbounded = bytes("SEND\ndestination:" + StompStreams.DESTINATION + "\n\n" + "x".repeat(9000));
        assertThatThrownBy(() -> noLength.feed(unbounded, 0, unbounded.length))
                .hasMessage("frame body longer than 8192 bytes");
    }

    @Test
    void aDroppedPacketMustStillEndWithNul() {
        FrameDecoder packets = new FrameDecoder(1024, 4096, StompStreams::isPacket, 4);
        byte[] bad = bytes("SEND\ndestination:" + StompStreams.DESTINATION + "\ncontent-length:5\n\n12345x");
        assertThatThrownBy(() -> packets.feed(bad, 0, bad.length))
                .hasMessage("malformed frame: no NUL after the 5 bytes of content-length");
    }

    private static byte[] packet(String head, int size) {
        byte[] start = bytes(head + size + "\n\n");
        byte[] frame = new byte[start.length + size + 1];
        System.arraycopy(start, 0, frame, 0, start.length);
        java.util.Arrays.fill(frame, start.length, start.length + size, (byte) 7);
        return frame;
    }

    @Test
    void connectHeadersAreNotUnescaped() throws StompException {
        Frame connect = feed("CONNECT\nlogin:a\\cb\naccept-version:1.2\n\n\0").get(0);
        assertThat(connect.header("login")).isEqualTo("a\\cb");
    }

    @Test
    void limitsAreEnforcedBeforeTheBytesArrive() {
        assertThatThrownBy(() -> feed("SEND\ncontent-length:4097\n\n")).isInstanceOf(StompException.class)
                .hasMessage("content-length 4097 is more than the largest frame body this agent takes (4096 bytes)");
        assertThatThrownBy(() -> new FrameDecoder(1024, 4096).feed(new byte[5000], 0, 5000))
                .isInstanceOf(StompException.class).hasMessage("frame headers longer than 1024 bytes");
        FrameDecoder bodies = new FrameDecoder(1024, 4096);
        assertThatThrownBy(() -> bodies.feed(("SEND\n\n" + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8), 0,
                5006)).hasMessage("frame body longer than 4096 bytes");
        FrameDecoder heads = new FrameDecoder(1024, 4096);
        byte[] head = ("SEND\n" + "h:v\n".repeat(300)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> heads.feed(head, 0, head.length)).hasMessage("frame headers longer than 1024 bytes");
    }

    @Test
    void malformedFramesAreNamed() {
        assertThatThrownBy(() -> new FrameDecoder(1024, 4096).feed(bytes("send\n\n\0"), 0, 7))
                .hasMessage("malformed frame: 'send' is not a STOMP command");
        assertThatThrownBy(() -> new FrameDecoder(1024, 4096).feed(bytes("SEND\nnocolon\n\n\0"), 0, 15))
                .hasMessage("malformed header in a SEND frame: expected name:value");
        assertThatThrownBy(() -> new FrameDecoder(1024, 4096).feed(bytes("SEND\na:\\t\n\n\0"), 0, 11))
                .hasMessageContaining("undefined escape sequence");
        assertThatThrownBy(() -> new FrameDecoder(1024, 4096).feed(bytes("SEND\ncontent-length:-1\n\n\0"), 0, 25))
                .hasMessage("content-length must be a number of bytes, got '-1'");
        assertThatThrownBy(() -> new FrameDecoder(1024, 4096).feed(bytes("SEND\ncontent-length:1\n\nab\0"), 0, 26))
                .hasMessage("malformed frame: no NUL after the 1 bytes of content-length");
    }

    @Test
    void encodingEscapesHeaderValuesExceptInConnected() {
        String message = new String(Frame.of("MESSAGE", Map.of("subscription", "a:b\\c\n"), bytes("{}")).encode(),
                StandardCharsets.UTF_8);
        assertThat(message).isEqualTo("MESSAGE\nsubscription:a\\cb\\\\c\\n\ncontent-length:2\n\n{}\0");
        String connected = new String(Frame.of("CONNECTED", Map.of("server", "a:b"), Frame.NO_BODY).encode(),
                StandardCharsets.UTF_8);
        assertThat(connected).isEqualTo("CONNECTED\nserver:a:b\n\n\0");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
