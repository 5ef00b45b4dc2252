package io.hostbridge.bridge.stream;

import static io.hostbridge.bridge.stream.CallerEnd.bytes;
import static io.hostbridge.bridge.stream.StreamFixture.KIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamInput;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The three stream directions end to end, libvirt's handshakes: what the handler and the caller each see. */
class StreamHandshakeTest {
    private final StreamFixture fixture = new StreamFixture();

    @Test
    void anUploadReachesTheHandlerInOrderAndIsAnsweredOkOnlyAfterTheHandlerReturned() throws Exception {
        Script script = Script.slowSink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        byte[] first = bytes(StreamChannel.MAX_PACKET, 1);
        byte[] second = bytes(1000, 2);

        caller.data(first).hole(1 << 20).data(second).ok();
        script.awaitEnd();

        assertThat(script.received()).extracting(StreamInput::toString)
                .containsExactly("data 262144", "hole 1048576", "data 1000", "end");
        assertThat(bytesOf(script.received().get(0))).isEqualTo(first);
        assertThat(bytesOf(script.received().get(2))).isEqualTo(second);
        assertThat(caller.port().unread()).as("nothing before the handler made the data durable").isEmpty();
        script.proceed();
        caller.last(Status.OK, 0);
        assertThat(script.thrown()).isNull();
        assertThat(fixture.bridge().streams().open()).isZero();
    }

    @Test
    void theCallReturnsTheStreamIdAndTheStreamIsAttachedBeforeItReturns() {
        TestPorts ports = new TestPorts();
        String id = fixture.call("Data.upload", "alice", fixture.script(Script::sink), ports);

        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(ports.stream().id()).isEqualTo(id);
        assertThat(ports.stream().mode()).isEqualTo(io.hostbridge.api.stream.StreamMode.IN);
        assertThat(fixture.bridge().streams().open()).isEqualTo(1);
    }

    @Test
    void aDownloadSendsPacketsOfAtMost256KiBHolesTheEndOfDataThenOkAfterTheCallersOk() throws Exception {
        byte[] data = bytes(600 * KIB, 3);
        Script script = new Script((channel, self) -> {
            channel.send(ByteBuffer.wrap(data));
            channel.sendHole(4096);
            channel.send(ByteBuffer.allocate(0)); // nothing: must not look like the end of data
        });
        CallerEnd caller = fixture.open("Data.download", "alice", script);

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            StreamPacket p = caller.next();
            assertThat(p.status()).isEqualTo(Status.CONTINUE);
            assertThat(p.seq()).isEqualTo(i);
            assertThat(p.size()).isBetween(1, StreamChannel.MAX_PACKET);
            got.write(p.data().array(), 0, p.size());
        }
        assertThat(got.toByteArray()).isEqualTo(data);
        StreamPacket hole = caller.next();
        assertThat(hole.status()).isEqualTo(Status.HOLE);
        assertThat(hole.holeLength()).isEqualTo(4096);
        assertThat(hole.seq()).isEqualTo(3);
        StreamPacket end = caller.next();
        assertThat(end.isEndOfData()).isTrue();
        assertThat(end.seq()).isEqualTo(4);
        script.awaitFinished();
        assertThat(caller.port().unread()).as("the agent waits for the caller's OK").isEmpty();

        caller.ok();
        caller.last(Status.OK, 5);
    }

    @Test
    void aConsoleEndedByTheCallerIsAnsweredOkWithoutAnEndOfData() throws Exception {
        Script script = echo();
        CallerEnd caller = fixture.open("Data.console", "alice", script);

        caller.data(text("ls"));
        assertThat(textOf(caller.next())).isEqualTo("LS");
        caller.data(text("pwd"));
        assertThat(textOf(caller.next())).isEqualTo("PWD");
        caller.ok();

        caller.last(Status.OK, 2);
        assertThat(script.thrown()).isNull();
    }

    @Test
    void aConsoleEndedByTheAgentSendsTheEndOfDataAndWaitsForTheCallersOk() throws Exception {
        Script script = echo();
        CallerEnd caller = fixture.open("Data.console", "alice", script);

        caller.data(text("exit"));
        assertThat(textOf(caller.next())).isEqualTo("EXIT");
        StreamPacket end = caller.next();
        assertThat(end.isEndOfData()).isTrue();
        assertThat(end.seq()).isEqualTo(1);
        caller.data(text("typed meanwhile")); // dropped: the console is over
        caller.ok();

        caller.last(Status.OK, 2);
    }

    @Test
    void aConsoleMayReadAndWriteOnTwoThreads() throws Exception {
        // output flows while the handler waits for input on another thread, as a serial console does
        Script script = new Script((channel, self) -> {
            Thread input = new Thread(() -> {
                try {
                    self.drain(channel);
                } catch (Exception e) {
                    // the stream ended
                }
            });
            input.start();
            for (int i = 0; i < 50; i++) {
                channel.send(ByteBuffer.wrap(text("line " + i)));
            }
            input.join();
        });
        CallerEnd caller = fixture.open("Data.console", "alice", script);

        for (int i = 0; i < 50; i++) {
            StreamPacket p = caller.next();
            assertThat(textOf(p)).isEqualTo("line " + i);
            assertThat(p.seq()).isEqualTo(i);
            if (i % 10 == 0) {
                caller.data(text("key " + i));
            }
        }
        caller.ok();
        caller.last(Status.OK, 50);
        assertThat(script.received()).extracting(StreamInput::toString).hasSize(6).last().hasToString("end");
    }

    /** Answers each input upper-cased; ends itself (after answering) on "exit". */
    static Script echo() {
        return new Script((channel, self) -> {
            while (true) {
                StreamInput in = self.take(channel);
                if (in.isEnd()) {
                    return;
                }
                String s = new String(bytesOf(in), StandardCharsets.UTF_8);
                channel.send(ByteBuffer.wrap(text(s.toUpperCase(java.util.Locale.ROOT))));
                if (s.equals("exit")) {
                    return;
                }
            }
        });
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String textOf(StreamPacket p) {
        assertThat(p.status()).isEqualTo(Status.CONTINUE);
        return new String(p.data().array(), 0, p.size(), StandardCharsets.UTF_8);
    }

    static byte[] bytesOf(StreamInput in) {
        ByteBuffer b = in.data();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
