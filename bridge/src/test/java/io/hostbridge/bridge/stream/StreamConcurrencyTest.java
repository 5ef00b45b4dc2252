package io.hostbridge.bridge.stream;

import static io.hostbridge.bridge.stream.CallerEnd.bytes;
import static io.hostbridge.bridge.stream.StreamFixture.eventually;
import static io.hostbridge.bridge.stream.StreamFixture.limits;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamInput;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many streams at once, and aborts racing with completions: every stream ends exactly once, one way, and leaves
 * neither a thread, a timer nor a place taken behind.
 */
class StreamConcurrencyTest {
    private static final Duration LONG = Duration.ofMinutes(10);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private int timersBefore;

    @BeforeEach
    void countTimers() {
        timersBefore = timers();
    }

    @AfterEach
    void noThreadLeft() throws InterruptedException {
        callers.shutdownNow();
        assertThat(callers.awaitTermination(StreamFixture.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        eventually("no thread runs this test's handlers", () -> threadsIn(getClass().getName()) == 0);
        eventually("the stream timer stopped", () -> timers() <= timersBefore);
    }

    private static int timers() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("stream-timer")).count();
    }

    /** Threads other than this one with a frame of {@code className}. */
    private static int threadsIn(String className) {
        int n = 0;
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() != Thread.currentThread()
                    && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(className))) {
                n++;
            }
        }
        return n;
    }

    private <T> List<T> all(List<Callable<T>> work) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> c : work) {
            futures.add(callers.submit(c));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(StreamFixture.WAIT.toSeconds() * 3, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void manyStreamsEachWayAtOnceCarryTheirOwnData() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(64, 64, LONG, LONG, LONG));
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int seed = i;
            work.add(() -> upload(fixture, seed));
            work.add(() -> download(fixture, seed));
            work.add(() -> console(fixture, seed));
        }

        assertThat(all(work)).hasSize(24).containsOnly(true);

        eventually("every stream's place freed", () -> fixture.bridge().streams().open() == 0);
    }

    private static boolean upload(StreamFixture fixture, int seed) throws Exception {
        CRC32 agent = new CRC32();
        Script script = new Script((channel, self) -> {
            for (StreamInput in = channel.receive(); !in.isEnd(); in = channel.receive()) {
                agent.update(in.isData() ? in.data() : ByteBuffer.wrap(Long.toString(in.length()).getBytes()));
            }
        });
        CallerEnd caller = fixture.open("Data.upload", "caller-" + seed, script);
        Random random = new Random(seed);
        CRC32 sent = new CRC32();
        for (int i = 0; i < 40; i++) {
            if (random.nextInt(5) == 0) {
                long hole = 1 + random.nextInt(1 << 20);
                caller.hole(hole);
                sent.update(Long.toString(hole).getBytes());
            } else {
                byte[] data = bytes(1 + random.nextInt(StreamChannel.MAX_PACKET), random.nextInt());
                caller.data(data);
                sent.update(data);
            }
        }
        caller.ok().last(Status.OK, 0);
        return agent.getValue() == sent.getValue();
    }

    private static boolean download(StreamFixture fixture, int seed) throws Exception {
        byte[] data = bytes(3 * StreamChannel.MAX_PACKET + seed * 1000 + 1, seed);
        Script script = new Script((channel, self) -> {
            Random random = new Random(seed);
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, 1 + random.nextInt(2 * StreamChannel.MAX_PACKET));
                channel.send(ByteBuffer.wrap(data, at, n));
                at += n;
            }
        });
        CallerEnd caller = fixture.open("Data.download", "caller-" + seed, script);
        ByteBuffer got = ByteBuffer.allocate(data.length);
        long seq = 0;
        for (StreamPacket p = caller.next(); !p.isEndOfData(); p = caller.next()) {
            assertThat(p.seq()).isEqualTo(seq++);
            got.put(p.data());
        }
        caller.ok().last(Status.OK, seq + 1);
        return Arrays.equals(got.array(), data);
    }

    private static boolean console(StreamFixture fixture, int seed) throws Exception {
        CallerEnd caller = fixture.open("Data.console", "caller-" + seed, StreamHandshakeTest.echo());
        for (int i = 0; i < 50; i++) {
            caller.data(StreamHandshakeTest.text("line " + seed + " " + i));
            assertThat(StreamHandshakeTest.textOf(caller.next())).isEqualTo("LINE " + seed + " " + i);
        }
        caller.ok().last(Status.OK, 50);
        return true;
    }

    @Test
    void theConnectionGoingAwayWhileAnUploadCompletesEndsItOneWayOnly() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(512, 512, LONG, LONG, LONG));
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            work.add(() -> {
                Script script = Script.sink();
                CallerEnd caller = fixture.open("Data.upload", "alice", script);
                caller.data(bytes(100, 1));
                Future<?> detach = callers.submit(() -> caller.stream().detach());
                caller.ok();
                detach.get();
                caller.ended();
                script.awaitFinished();
                List<StreamPacket> sent = caller.port().sent();
                assertThat(sent).hasSizeLessThanOrEqualTo(1);
                assertThat(script.abortRuns()).isLessThanOrEqualTo(1);
                assertThat(script.discards()).isZero();
                if (sent.isEmpty()) {
                    return "aborted";
                }
                assertThat(sent.get(0).status()).isEqualTo(Status.OK);
                assertThat(script.thrown()).isNull();
                return "ok";
            });
        }

        List<String> outcomes = all(work);

        assertThat(outcomes).hasSize(400).isSubsetOf("ok", "aborted");
        eventually("every stream's place freed", () -> fixture.bridge().streams().open() == 0);
    }

    @Test
    void theCallersErrorRightAfterItsOkIsNeverAnsweredWithAnError() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(512, 512, LONG, LONG, LONG));
        List<Callable<Status>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            work.add(() -> {
                Script script = Script.sink();
                CallerEnd caller = fixture.open("Data.upload", "alice", script);
                caller.data(bytes(100, 1)).ok().error();
                caller.ended();
                List<StreamPacket> sent = caller.port().sent();
                assertThat(sent).hasSizeLessThanOrEqualTo(1);
                return sent.isEmpty() ? Status.ERROR : sent.get(0).status();
            });
        }

        assertThat(all(work)).hasSize(400).doesNotContainNull().allMatch(s -> s == Status.OK || s == Status.ERROR);
        eventually("every stream's place freed", () -> fixture.bridge().streams().open() == 0);
    }

    @Test
    void theCallersErrorDuringADownloadStopsItAtOnce() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(256, 256, LONG, LONG, LONG));
        List<Callable<Integer>> work = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int stopAt = i % 20;
            work.add(() -> {
                Script script = new Script((channel, self) -> {
                    for (int n = 0; true; n++) {
                        channel.send(ByteBuffer.wrap(bytes(10, n)));
                    }
                });
                CallerEnd caller = fixture.open("Data.download", "alice", script, new TestPort(8));
                for (int n = 0; n < stopAt; n++) {
                    assertThat(caller.next().seq()).isEqualTo(n);
                }
                caller.error();
                caller.port().awaitClosed();
                script.awaitFinished();
                assertThat(script.thrown()).isInstanceOf(StreamAbortedException.class);
                List<StreamPacket> sent = caller.port().sent();
                for (int n = 0; n < sent.size(); n++) {
                    assertThat(sent.get(n).status()).isEqualTo(Status.CONTINUE);
                    assertThat(sent.get(n).seq()).isEqualTo(n);
                }
                script.awaitAbortAction();
                return sent.size();
            });
        }

        assertThat(all(work)).hasSize(100);
        eventually("every stream's place freed", () -> fixture.bridge().streams().open() == 0);
    }

    @Test
    void attachingRacingWithTheAttachTimeoutEitherRunsOrDiscardsTheStream() throws Exception {
        Duration attach = Duration.ofMillis(40);
        StreamFixture fixture = new StreamFixture(limits(256, 256, attach, LONG, LONG));
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long delay = TimeUnit.MILLISECONDS.toNanos(i % 100);
            work.add(() -> {
                Script script = Script.sink();
                String id = fixture.call("Data.upload", "alice", fixture.script(() -> script), null);
                LockSupport.parkNanos(delay); // varies the race, synchronises nothing
                CallerEnd caller;
                try {
                    caller = fixture.attach("alice", id);
                } catch (BridgeException e) {
                    assertThat(e.error()).isEqualTo(ErrorCode.NO_SUCH_STREAM);
                    eventually("the stream discarded", () -> script.discards() == 1);
                    assertThat(script.runs()).isZero();
                    return "discarded";
                }
                caller.ok().last(Status.OK, 0);
                assertThat(script.runs()).isEqualTo(1);
                assertThat(script.discards()).isZero();
                return "ran";
            });
        }

        List<String> outcomes = all(work);

        assertThat(outcomes).hasSize(200).isSubsetOf("ran", "discarded");
        eventually("every stream's place freed", () -> fixture.bridge().streams().open() == 0);
    }

    @Test
    void callersOpeningAndFinishingStreamsAtOnceLeaveTheCountsRight() throws Exception {
        StreamFixture fixture = new StreamFixture(limits(10, 4, LONG, LONG, LONG));
        AtomicInteger refused = new AtomicInteger();
        List<Callable<Integer>> work = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            String who = "caller-" + (t % 3);
            work.add(() -> {
                int done = 0;
                for (int i = 0; i < 60; i++) {
                    try {
                        CallerEnd caller = fixture.open("Data.upload", who, Script.sink());
                        if (i % 3 == 0) {
                            caller.error();
                            caller.ended();
                        } else {
                            caller.ok().last(Status.OK, 0);
                        }
                        done++;
                    } catch (BridgeException e) {
                        assertThat(e.error()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
                        refused.incrementAndGet();
                    }
                }
                return done;
            });
        }

        int done = all(work).stream().mapToInt(Integer::intValue).sum();

        assertThat(done + refused.get()).isEqualTo(12 * 60);
        eventually("every stream's place freed", () -> fixture.bridge().streams().open() == 0);
        List<CallerEnd> open = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 4; i++) {
                open.add(fixture.open("Data.console", "caller-" + c, Script.sink()));
            }
        }
        assertThatRefused(() -> fixture.open("Data.console", "caller-0", Script.sink()));
        open.add(fixture.open("Data.console", "caller-2", Script.sink()));
        open.add(fixture.open("Data.console", "caller-2", Script.sink()));
        assertThatRefused(() -> fixture.open("Data.console", "caller-2", Script.sink()));
        for (CallerEnd caller : open) {
            caller.ok().last(Status.OK, 0);
        }
    }

    private static void assertThatRefused(Runnable open) {
        try {
            open.run();
        } catch (BridgeException e) {
            assertThat(e.error()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
            return;
        }
        throw new AssertionError("not refused");
    }
}
