package io.hostbridge.bridge.stream;

import static io.hostbridge.bridge.stream.CallerEnd.bytes;
import static io.hostbridge.bridge.stream.StreamFixture.eventually;
import static io.hostbridge.bridge.stream.StreamFixture.limits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Streams are bounded: per caller and in all, in buffered bytes, in time to attach and in idle time. */
class StreamLimitsTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    private static final Duration SHORT = Duration.ofMillis(200);

    private static void refused(ErrorCode code, ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BridgeException.class, e -> {
            assertThat(e.error()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void streamsAreBoundedPerCallerAndInAllAndAFinishedStreamsPlaceIsFreeOnceItsCallerHeardOk() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(3, 2, LONG, LONG, LONG));
        CallerEnd first = fixture.open("Data.upload", "alice", Script.sink());
        fixture.open("Data.download", "alice", new Script((channel, self) -> self.pause()));

        refused(ErrorCode.RESOURCE_EXHAUSTED, () -> fixture.open("Data.upload", "alice", Script.sink()),
                "this caller has 2 open");
        fixture.open("Data.console", "bob", Script.sink());
        refused(ErrorCode.RESOURCE_EXHAUSTED, () -> fixture.open("Data.upload", "bob", Script.sink()),
                "the agent has 3 open");
        assertThat(fixture.bridge().streams().open()).isEqualTo(3);

        // a caller that opens its next stream as soon as it hears OK finds its place free
        java.util.List<Object> next = new java.util.concurrent.CopyOnWriteArrayList<>();
        first.port().onSend(p -> {
            try {
                next.add(fixture.open("Data.upload", "alice", Script.sink()));
            } catch (BridgeException e) {
                next.add(e);
            }
        });
        first.ok().last(Status.OK, 0);
        assertThat(next).singleElement().isInstanceOf(CallerEnd.class);
        assertThat(fixture.bridge().streams().open()).isEqualTo(3);
    }

    @Test
    void aVerbThatFailsGivesItsPlaceBack() {
        StreamFixture fixture = new StreamFixture(limits(1, 1, LONG, LONG, LONG));
        String refusing = fixture.script(() -> {
            throw BridgeException.of(ErrorCode.EXIST, "Busy");
        });
        String crashing = fixture.script(() -> {
            throw new IllegalStateException("broken");
        });
        String nothing = fixture.script(() -> null);
        TestPorts ports = new TestPorts();

        for (int i = 0; i < 3; i++) {
            refused(ErrorCode.EXIST, () -> fixture.call("Data.upload", "alice", refusing, ports), "Busy");
            refused(ErrorCode.GENERAL, () -> fixture.call("Data.upload", "alice", crashing, ports), "error id");
            refused(ErrorCode.GENERAL, () -> fixture.call("Data.upload", "alice", nothing, ports), "error id");
            refused(ErrorCode.MISSING_PARAMETER, () -> fixture.bridge().call(StreamFixture.as("alice")
                    .withStreams(ports), "Data.upload", Map.of()), "script");
        }

        assertThat(ports.stream()).isNull();
        assertThat(fixture.bridge().streams().open()).isZero();
        fixture.open("Data.upload", "alice", Script.sink());
    }

    @Test
    void aConnectionThatCannotTakeTheStreamFailsTheCallAndTheVerbsHandlerIsDiscarded() {
        StreamFixture fixture = new StreamFixture(limits(1, 1, LONG, LONG, LONG));
        Script script = Script.sink();

        refused(ErrorCode.GENERAL, () -> fixture.call("Data.upload", "alice", fixture.script(() -> script),
                new TestPorts(true)), "error id");

        assertThat(script.discards()).isEqualTo(1);
        assertThat(script.started()).isFalse();
        assertThat(fixture.bridge().streams().open()).isZero();
        fixture.open("Data.upload", "alice", Script.sink());
    }

    @Test
    void aCallerThatFillsTheBufferLongerThanTheStallTimeoutGets1100() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, LONG, SHORT));
        Script script = new Script((channel, self) -> {
            self.pause(); // takes nothing until the abort
            self.drain(channel);
        });
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        caller.data(bytes(StreamChannel.MAX_PACKET, 1)).data(bytes(StreamChannel.MAX_PACKET, 2)); // full now

        long start = System.nanoTime();
        caller.data(bytes(1, 3)); // waits for room, then gives up; never throws

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        StreamPacket error = caller.last(Status.ERROR, 0);
        assertThat(error.code()).isEqualTo(1100);
        assertThat(error.message()).contains("faster");
        script.awaitFinished();
        assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
    }

    @Test
    void aFullBufferHoldsTheCallerBackUntilTheHandlerTakesData() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, LONG, LONG));
        Script script = new Script((channel, self) -> {
            self.pause();
            self.drain(channel);
        });
        CallerEnd caller = fixture.open("Data.upload", "alice", script);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 4; i++) {
                caller.data(bytes(StreamChannel.MAX_PACKET, i));
            }
            caller.ok();
        });
        sender.start();

        eventually("the caller held back by the full buffer", () -> sender.getState() == Thread.State.TIMED_WAITING);
        assertThat(script.received()).isEmpty();
        script.proceed();
        sender.join(StreamFixture.WAIT.toMillis());

        caller.last(Status.OK, 0);
        assertThat(script.received()).extracting(Object::toString).containsExactly("data 262144", "data 262144",
                "data 262144", "data 262144", "end");
    }

    @Test
    void aConsoleThatTheAgentEndsTakesTheCallersPacketHeldBackByTheFullBuffer() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, LONG, LONG));
        Script script = new Script((channel, self) -> self.pause()); // reads nothing, then ends the console
        CallerEnd caller = fixture.open("Data.console", "alice", script);
        caller.data(bytes(StreamChannel.MAX_PACKET, 1)).data(bytes(StreamChannel.MAX_PACKET, 2));
        Thread sender = new Thread(() -> caller.data(bytes(10, 3)));
        sender.start();
        eventually("the caller held back by the full buffer", () -> sender.getState() == Thread.State.TIMED_WAITING);

        script.proceed();

        assertThat(caller.next().isEndOfData()).isTrue();
        sender.join(StreamFixture.WAIT.toMillis());
        assertThat(sender.isAlive()).as("the held back packet is taken (and dropped) once the console ended")
                .isFalse();
        caller.ok().last(Status.OK, 1);
    }

    @Test
    void aStreamIsIdleFromWhenItIsAttachedNotFromTheCallThatOpenedIt() throws Exception {
        Duration idle = Duration.ofMillis(1500);
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, idle, LONG));
        Script script = Script.sink();
        String id = fixture.call("Data.upload", "alice", fixture.script(() -> script), null);
        java.util.concurrent.locks.LockSupport.parkNanos(idle.plusMillis(500).toNanos()); // the caller takes its time

        CallerEnd caller = fixture.attach("alice", id);

        caller.data(bytes(10, 1)).ok().last(Status.OK, 0);
    }

    @Test
    void aStreamOpenedByAnEarlierCallIsAttachedByItsCallerOnceAndRuns() throws Exception {
        StreamFixture fixture = new StreamFixture();
        Script script = Script.sink();
        String id = fixture.call("Data.upload", "alice", fixture.script(() -> script), null);
        assertThat(script.started()).isFalse();
        assertThat(fixture.bridge().streams().open()).isEqualTo(1);

        refused(ErrorCode.NO_SUCH_STREAM, () -> fixture.attach("bob", id), "No such stream");
        refused(ErrorCode.NO_SUCH_STREAM, () -> fixture.attach("alice", "0000"), "No such stream: '0000'");
        refused(ErrorCode.NO_SUCH_STREAM, () -> fixture.attach("alice", null), "No such stream");
        CallerEnd caller = fixture.attach("alice", id);
        refused(ErrorCode.STREAM_ATTACHED, () -> fixture.attach("alice", id), "attached already");

        assertThat(caller.stream().id()).isEqualTo(id);
        caller.data(bytes(10, 1)).ok().last(Status.OK, 0);
        assertThat(script.received()).hasSize(2);
        refused(ErrorCode.NO_SUCH_STREAM, () -> fixture.attach("alice", id), "No such stream");
    }

    @Test
    void aStreamAttachedByItsCallIsNotAttachedAgain() {
        StreamFixture fixture = new StreamFixture();
        CallerEnd caller = fixture.open("Data.upload", "alice", Script.sink());

        refused(ErrorCode.STREAM_ATTACHED, () -> fixture.attach("alice", caller.id()), "attached already");
    }

    @Test
    void aStreamNobodyAttachesInTimeIsDiscardedAndItsPlaceFreed() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(1, 1, SHORT, LONG, LONG));
        Script script = Script.sink();
        String id = fixture.call("Data.upload", "alice", fixture.script(() -> script), null);

        eventually("the stream dropped", () -> fixture.bridge().streams().open() == 0);

        assertThat(script.discards()).isEqualTo(1);
        assertThat(script.started()).isFalse();
        refused(ErrorCode.NO_SUCH_STREAM, () -> fixture.attach("alice", id), "No such stream");
        fixture.open("Data.upload", "alice", Script.sink()).ok().last(Status.OK, 0);
    }

    @Test
    void anUploadWithoutPacketsForTheIdleTimeoutIsEnded() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, SHORT, LONG));
        Script script = Script.sink();
        CallerEnd caller = fixture.open("Data.upload", "alice", script);

        StreamPacket error = caller.last(Status.ERROR, 0);

        assertThat(error.code()).isEqualTo(ErrorCode.STREAM_TIMEOUT.code());
        assertThat(error.message()).contains("idle");
        script.awaitAbortAction();
        assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
        assertThat(fixture.bridge().streams().open()).isZero();
    }

    @Test
    void aDownloadWhoseCallerNeverAnswersTheEndOfDataIsEnded() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, SHORT, LONG));
        CallerEnd caller = fixture.open("Data.download", "alice", new Script((channel, self) -> { }));
        assertThat(caller.next().isEndOfData()).isTrue();

        assertThat(caller.last(Status.ERROR, 1).code()).isEqualTo(ErrorCode.STREAM_TIMEOUT.code());
    }

    @Test
    void aConsoleHasNoIdleTimeout() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(8, 8, LONG, SHORT, LONG));
        Script script = StreamHandshakeTest.echo();
        CallerEnd caller = fixture.open("Data.console", "alice", script);

        assertThat(script.abortActionWithin(SHORT.multipliedBy(4))).isFalse();

        caller.data(StreamHandshakeTest.text("still here"));
        assertThat(StreamHandshakeTest.textOf(caller.next())).isEqualTo("STILL HERE");
        caller.ok().last(Status.OK, 1);
    }
}
