package io.hostbridge.bridge.stream;

import static io.hostbridge.bridge.stream.CallerEnd.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Either side ends a stream early: the other side stops, cleans up, and nothing more is sent. */
class StreamAbortTest {
    private static final Duration NEGATIVE_CHECK = Duration.ofMillis(300);
    private static final String ERROR_ID = ".*error id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*";
    private final StreamFixture fixture = new StreamFixture();

    @Test
    void theCallersErrorAbortsAnUploadsHandlerRunsItsAbortActionAndIsNotAnswered() throws Exception {
        Script script = Script.sink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);

        caller.data(bytes(1000, 1));
        StreamFixture.eventually("the handler took the data", () -> script.received().size() == 1);
        caller.error();

        script.awaitAbortAction();
        script.awaitFinished();
        assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
        assertThat(script.received()).extracting(Object::toString).containsExactly("data 1000");
        caller.ended();
        assertThat(caller.port().sent()).isEmpty();
        assertThat(script.abortRuns()).isEqualTo(1);
        assertThat(fixture.bridge().streams().open()).isZero();
    }

    @Test
    void theCallersErrorStopsADownloadAndTheAgentSendsNothingAfterIt() throws Exception {
        Script script = new Script((channel, self) -> {
            channel.send(ByteBuffer.wrap(bytes(10, 1)));
            self.pause();
            channel.send(ByteBuffer.wrap(bytes(10, 2)));
        });
        CallerEnd caller = fixture.open("Data.download", "alice", script);
        assertThat(caller.next().seq()).isZero();

        caller.error();

        script.awaitFinished();
        assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
        caller.ended();
        assertThat(caller.port().attempts()).as("the second send was refused before the port").isEqualTo(1);
    }

    @Test
    void theCallersErrorWhileTheUploadIsMadeDurableAbortsIt() throws Exception {
        Script script = Script.slowSink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        caller.data(bytes(10, 1)).ok();
        script.awaitEnd();

        caller.error();

        script.awaitAbortAction();
        script.awaitFinished(); // the pause ends with the abort; the handler returns normally, too late
        caller.ended();
        assertThat(caller.port().sent()).as("no OK for an aborted upload").isEmpty();
    }

    @Test
    void aHandlersBridgeExceptionIsAnErrorPacketWithItsCodeAndMessage() throws Exception {
        Script script = new Script((channel, self) -> {
            self.take(channel);
            throw BridgeException.of(ErrorCode.VOLUME_DOES_NOT_EXIST, "Volume vol-1 is gone");
        });
        CallerEnd caller = fixture.open("Data.upload", "alice", script);

        caller.data(bytes(10, 1));

        StreamPacket error = caller.last(Status.ERROR, 0);
        assertThat(error.code()).isEqualTo(ErrorCode.VOLUME_DOES_NOT_EXIST.code());
        assertThat(error.message()).isEqualTo("Volume vol-1 is gone");
        assertThat(script.abortActionWithin(NEGATIVE_CHECK)).as("the handler ended itself; nothing to abort")
                .isFalse();
    }

    @Test
    void aHandlersFailureWithADetailedCauseIsSentWithAnErrorIdInsteadOfTheCause() throws Exception {
        Script script = new Script((channel, self) -> {
            throw BridgeException.failure(ErrorCode.GENERAL, "Writing failed",
                    new java.io.IOException("/var/lib/secret/path: No space left"));
        });
        CallerEnd caller = fixture.open("Data.download", "alice", script);

        StreamPacket error = caller.last(Status.ERROR, 0);
        assertThat(error.code()).isEqualTo(100);
        assertThat(error.message()).startsWith("Writing failed").matches(ERROR_ID).doesNotContain("/var/lib");
    }

    @Test
    void anUnexpectedExceptionIsCode100WithAnErrorIdAndNoInternalText() throws Exception {
        Script script = new Script((channel, self) -> {
            channel.sendHole(1);
            throw new IllegalStateException("NullPointer in /opt/hostbridge/secret.conf");
        });
        CallerEnd caller = fixture.open("Data.download", "alice", script);
        assertThat(caller.next().status()).isEqualTo(Status.HOLE);

        StreamPacket error = caller.last(Status.ERROR, 1);
        assertThat(error.code()).isEqualTo(100);
        assertThat(error.message()).matches(ERROR_ID).doesNotContain("secret").doesNotContain("NullPointer");
    }

    @Test
    void anUploadHandlerThatReturnsBeforeTheCallersOkIsAnErrorNotASuccess() throws Exception {
        Script script = new Script((channel, self) -> self.take(channel));
        CallerEnd caller = fixture.open("Data.upload", "alice", script);

        caller.data(bytes(10, 1));

        StreamPacket error = caller.last(Status.ERROR, 0);
        assertThat(error.code()).isEqualTo(100);
    }

    @Test
    void aConnectionThatFailsAbortsTheHandlerAndNothingMoreIsSent() throws Exception {
        Script script = new Script((channel, self) -> {
            for (int i = 0; i < 100; i++) {
                channel.send(ByteBuffer.wrap(bytes(10, i)));
            }
        });
        TestPorts ports = new TestPorts();
        ports.port().failFrom(2);
        fixture.call("Data.download", "alice", fixture.script(() -> script), ports);

        script.awaitFinished();
        assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
        ports.port().awaitClosed();
        assertThat(ports.port().sent()).hasSize(2);
        assertThat(ports.port().attempts()).as("no ERROR tried on a dead connection").isEqualTo(3);
        assertThat(ports.port().closes()).isEqualTo(1);
        script.awaitAbortAction();
        StreamFixture.eventually("the stream's slot freed", () -> fixture.bridge().streams().open() == 0);
    }

    @Test
    void detachingAbortsTheHandlerAndNothingIsSent() throws Exception {
        Script script = Script.sink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        caller.data(bytes(10, 1));

        caller.stream().detach();

        script.awaitAbortAction();
        script.awaitFinished();
        assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
        caller.ended();
        assertThat(caller.port().sent()).isEmpty();
    }

    @Test
    void anAbortActionSetAfterTheAbortRunsAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch late = new java.util.concurrent.CountDownLatch(1);
        Script script = new Script((channel, self) -> {
            self.pause(); // until the abort
            channel.onAbort(late::countDown);
        });
        CallerEnd caller = fixture.open("Data.console", "alice", script);

        caller.error();

        assertThat(late.await(StreamFixture.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        caller.ended();
    }

    @Test
    void aHandlersThreadThatSendsAfterTheStreamEndedIsRefusedAndNothingFollowsTheLastPacket() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> pump = new java.util.concurrent.CompletableFuture<>();
        Script script = new Script((channel, self) -> {
            Thread output = new Thread(() -> {
                long deadline = System.nanoTime() + StreamFixture.WAIT.toNanos();
                try {
                    while (System.nanoTime() < deadline) {
                        channel.send(ByteBuffer.wrap(bytes(10, 1)));
                    }
                    pump.complete(null);
                } catch (Exception e) {
                    pump.complete(e);
                }
            });
            output.start();
            self.drain(channel); // returns on the caller's OK, the output thread still sending
        });
        CallerEnd caller = fixture.open("Data.console", "alice", script);
        caller.next();

        caller.ok();

        assertThat(pump.get(StreamFixture.WAIT.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .isInstanceOf(StreamAbortedException.class);
        caller.ended();
        java.util.List<StreamPacket> sent = caller.port().sent();
        assertThat(sent.get(sent.size() - 1).status()).isEqualTo(Status.OK);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).seq()).isEqualTo(i);
        }
    }

    @Test
    void aCallWhoseReplyCannotBeEncodedLeavesNoStreamBehind() throws Exception {
        Script attached = Script.sink();
        Script waiting = Script.sink();
        java.util.function.Function<Object, Object> broken = result -> {
            throw new IllegalStateException("cannot write the reply");
        };

        assertThat(catchBridgeException(() -> fixture.bridge().call(StreamFixture.as("alice")
                .withStreams(new TestPorts()), "Data.upload", java.util.Map.of("script",
                        fixture.script(() -> attached)), broken)).code()).isEqualTo(100);
        assertThat(catchBridgeException(() -> fixture.bridge().call(StreamFixture.as("alice"), "Data.upload",
                java.util.Map.of("script", fixture.script(() -> waiting)), broken)).code()).isEqualTo(100);

        assertThat(waiting.discards()).isEqualTo(1);
        attached.awaitAbortAction();
        StreamFixture.eventually("both places freed", () -> fixture.bridge().streams().open() == 0);
    }

    private static BridgeException catchBridgeException(Runnable call) {
        try {
            call.run();
        } catch (BridgeException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void packetsAfterTheEndAreIgnored() throws Exception {
        Script script = Script.sink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        caller.data(bytes(10, 1)).ok();
        caller.last(Status.OK, 0);

        caller.data(bytes(10, 2)).ok().error();
        caller.send(StreamPacket.data(99, ByteBuffer.wrap(bytes(10, 3))));
        caller.stream().detach();

        assertThat(caller.port().sent()).hasSize(1);
        assertThat(script.abortActionWithin(NEGATIVE_CHECK)).as("a finished handler is not aborted").isFalse();
        assertThat(fixture.bridge().streams().open()).isZero();
    }

    @Test
    void packetsAfterAnErrorAreIgnored() throws Exception {
        Script script = Script.sink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        caller.send(StreamPacket.data(7, ByteBuffer.wrap(bytes(10, 1))));
        assertThat(caller.last(Status.ERROR, 0).code()).isEqualTo(5008);

        script.awaitAbortAction();

        caller.data(bytes(10, 2)).ok().error();

        assertThat(caller.port().sent()).hasSize(1);
        assertThat(script.abortRuns()).isEqualTo(1);
    }
}
