package io.hostbridge.binding.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.stream.StreamPacket;
import org.junit.jupiter.api.Test;

/** The status texts of streams over WebSocket, both ways. */
class StreamStatusTest {

    @Test
    void theAgentsPacketsAsText() {
        assertThat(StreamStatus.text(StreamPacket.ok(3))).isEqualTo("{\"status\":\"ok\"}");
        assertThat(StreamStatus.text(StreamPacket.hole(4, 1L << 40))).isEqualTo(
                "{\"status\":\"hole\",\"length\":1099511627776}");
        assertThat(StreamStatus.text(StreamPacket.endOfData(5))).isEqualTo("{\"status\":\"eof\"}");
        assertThat(StreamStatus.text(StreamPacket.error(6, 5008, "a \"quoted\" reason"))).isEqualTo(
                "{\"status\":\"error\",\"code\":5008,\"message\":\"a \\\"quoted\\\" reason\"}");
    }

    @Test
    void theCallersTextsAsPacketsNumberedHere() {
        assertThat(StreamStatus.packet("{\"status\":\"ok\"}", 7)).isEqualTo(StreamPacket.ok(7));
        assertThat(StreamStatus.packet("{\"status\":\"hole\",\"length\":65536}", 8)).isEqualTo(
                StreamPacket.hole(8, 65536));
        assertThat(StreamStatus.packet("{\"status\":\"eof\"}", 9).isEndOfData()).isTrue();
        StreamPacket abort = StreamStatus.packet("{\"status\":\"error\",\"code\":1,\"message\":\"bye\"}", 10);
        assertThat(abort.status()).isEqualTo(StreamPacket.Status.ERROR);
        assertThat(abort.code()).isEqualTo(1);
        assertThat(abort.message()).isEqualTo("bye");
        // whether a negative hole fits the stream is the bridge's to say
        assertThat(StreamStatus.packet("{\"status\":\"hole\",\"length\":-1}", 11).holeLength()).isEqualTo(-1);
    }

    @Test
    void whatIsNoStatusIsRefusedWithItsReason() {
        assertThatThrownBy(() -> StreamStatus.packet("not json", 0)).isInstanceOfSatisfying(BridgeException.class,
                e -> assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
        assertThatThrownBy(() -> StreamStatus.packet("[1]", 0)).isInstanceOfSatisfying(BridgeException.class,
                e -> assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
        assertThatThrownBy(() -> StreamStatus.packet("{\"status\":\"continue\"}", 0)).isInstanceOfSatisfying(
                BridgeException.class, e -> assertThat(e).hasMessageContaining("binary messages")
                        .extracting(BridgeException::error).isEqualTo(ErrorCode.STREAM_PROTOCOL_ERROR));
        assertThatThrownBy(() -> StreamStatus.packet("{\"status\":\"hole\",\"length\":1.5}", 0))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.STREAM_PROTOCOL_ERROR));
    }
}
