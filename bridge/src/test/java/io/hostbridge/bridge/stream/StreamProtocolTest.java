package io.hostbridge.bridge.stream;

import static io.hostbridge.bridge.stream.CallerEnd.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Packets out of place end the stream with an ERROR that says what was wrong; the handler is aborted. */
class StreamProtocolTest {
    private final StreamFixture fixture = new StreamFixture();

    /** Opens {@code verb} on a handler that waits for data (IN, BOTH) or for the abort (OUT). */
    private Opened open(String verb) {
        Script script = verb.equals("Data.download") ? new Script((channel, self) -> {
            self.pause();
            channel.sendHole(1);
        }) : Script.sink();
        return new Opened(fixture.open(verb, "alice", script), script);
    }

    private record Opened(CallerEnd caller, Script script) {
        /** The stream ended with ERROR {@code code} as its first packet, and its handler was aborted. */
        StreamPacket refused(ErrorCode code) throws Exception {
            StreamPacket error = caller.last(Status.ERROR, 0);
            assertThat(error.code()).isEqualTo(code.code());
            script.awaitFinished();
            assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
            script.awaitAbortAction();
            assertThat(script.abortRuns()).isEqualTo(1);
            return error;
        }
    }

    @Test
    void aPacketOutOfOrderIs5008AndAbortsTheHandler() throws Exception {
        Opened o = open("Data.upload");
        o.caller().data(bytes(10, 1));

        o.caller().send(StreamPacket.data(2, ByteBuffer.wrap(bytes(10, 2))));

        assertThat(o.refused(ErrorCode.STREAM_PROTOCOL_ERROR).message()).contains("seq 2").contains("expected 1");
    }

    @Test
    void aRepeatedSeqIs5008() throws Exception {
        Opened o = open("Data.console");
        o.caller().data(bytes(10, 1));

        o.caller().send(StreamPacket.data(0, ByteBuffer.wrap(bytes(10, 2))));

        o.refused(ErrorCode.STREAM_PROTOCOL_ERROR);
    }

    @Test
    void aPacketOfMoreThan256KiBIs5004() throws Exception {
        Opened o = open("Data.upload");
        o.caller().data(bytes(StreamChannel.MAX_PACKET, 1)); // the largest is fine

        o.caller().data(bytes(StreamChannel.MAX_PACKET + 1, 2));

        assertThat(o.refused(ErrorCode.REQUEST_TOO_LARGE).message()).contains("262145").contains("262144");
    }

    @Test
    void dataOnADownloadIs5008() throws Exception {
        Opened o = open("Data.download");

        o.caller().data(bytes(10, 1));

        o.refused(ErrorCode.STREAM_PROTOCOL_ERROR);
    }

    @Test
    void aHoleOnADownloadIs5008() throws Exception {
        Opened o = open("Data.download");

        o.caller().hole(10);

        o.refused(ErrorCode.STREAM_PROTOCOL_ERROR);
    }

    @Test
    void anOkBeforeTheEndOfDataOfADownloadIs5008() throws Exception {
        Opened o = open("Data.download");

        o.caller().ok();

        assertThat(o.refused(ErrorCode.STREAM_PROTOCOL_ERROR).message()).contains("OK before the end of data");
    }

    @Test
    void anEmptyContinueFromTheCallerIs5008() throws Exception {
        Opened o = open("Data.upload");

        o.caller().endOfData();

        assertThat(o.refused(ErrorCode.STREAM_PROTOCOL_ERROR).message()).contains("finish with OK");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void aHoleWithoutAPositiveLengthIs5008(long length) throws Exception {
        Opened o = open("Data.upload");

        o.caller().hole(length);

        assertThat(o.refused(ErrorCode.STREAM_PROTOCOL_ERROR).message()).contains("positive length");
        assertThat(o.script().received()).isEmpty();
    }

    /** An upload the caller finished, whose handler makes the data durable. */
    private Opened finishedUpload() throws Exception {
        Script script = Script.slowSink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        caller.ok();
        script.awaitEnd();
        return new Opened(caller, script);
    }

    @Test
    void dataAfterTheCallersOkIs5008() throws Exception {
        Opened o = finishedUpload();
        CallerEnd caller = o.caller();
        Script script = o.script();

        caller.data(bytes(10, 1));

        assertThat(caller.last(Status.ERROR, 0).code()).isEqualTo(5008);
        script.awaitAbortAction();
    }

    @Test
    void aSecondOkOfAnUploadIs5008() throws Exception {
        CallerEnd caller = finishedUpload().caller();

        caller.ok();

        StreamPacket error = caller.last(Status.ERROR, 0);
        assertThat(error.code()).isEqualTo(5008);
        assertThat(error.message()).contains("a second OK");
    }

    @Test
    void theHandlerTakesTheEndAgainWhenItAsksAfterIt() throws Exception {
        Script script = new Script((channel, self) -> {
            self.drain(channel);
            self.take(channel);
        });
        CallerEnd caller = fixture.open("Data.upload", "alice", script);

        caller.ok();

        caller.last(Status.OK, 0);
        assertThat(script.received()).extracting(Object::toString).containsExactly("end", "end");
    }

    @Test
    void aHandlerUsingTheWrongDirectionFailsWithAnErrorId() throws Exception {
        Script script = new Script((channel, self) -> channel.receive());
        CallerEnd caller = fixture.open("Data.download", "alice", script);

        StreamPacket error = caller.last(Status.ERROR, 0);

        assertThat(error.code()).isEqualTo(100);
        assertThat(error.message()).contains("error id").doesNotContain("takes no data");
    }
}
