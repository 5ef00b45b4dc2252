package io.hostbridge.bridge.stream;

import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream verb's handler whose work a test writes as a {@link Body}; it records what happened to it: started,
 * what it received, how it ended, how often its abort action ran and whether it was discarded.
 */
final class Script implements StreamHandler {
    /** The handler's work. */
    @FunctionalInterface
    interface Body {
        void run(StreamChannel channel, Script self) throws Exception;
    }

    private final Body body;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch abortAction = new CountDownLatch(1);
    private final CountDownLatch proceed = new CountDownLatch(1);
    private final CountDownLatch tookEnd = new CountDownLatch(1);
    private final AtomicInteger abortRuns = new AtomicInteger();
    private final AtomicInteger discards = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private final List<StreamInput> received = Collections.synchronizedList(new ArrayList<>());
    private volatile Throwable thrown;

    Script(Body body) {
        this.body = body;
    }

    /** Takes the caller's data until its OK. */
    static Script sink() {
        return new Script((channel, self) -> self.drain(channel));
    }

    /** Takes the caller's data until its OK, then waits for {@link #proceed} (making the data durable). */
    static Script slowSink() {
        return new Script((channel, self) -> {
            self.drain(channel);
            self.pause();
        });
    }

    @Override
    public void run(StreamChannel channel) throws Exception {
        runs.incrementAndGet();
        channel.onAbort(() -> {
            abortRuns.incrementAndGet();
            abortAction.countDown();
            proceed.countDown();
        });
        started.countDown();
        try {
            body.run(channel, this);
        } catch (Exception | Error e) {
            thrown = e;
            throw e;
        } finally {
            finished.countDown();
        }
    }

    @Override
    public void discard() {
        discards.incrementAndGet();
    }

    // ---- for bodies ----

    /** Receives one packet and records it. */
    StreamInput take(StreamChannel channel) throws Exception {
        StreamInput in = channel.receive();
        received.add(in);
        if (in.isEnd()) {
            tookEnd.countDown();
        }
        return in;
    }

    /** Receives until the caller's OK. */
    void drain(StreamChannel channel) throws Exception {
        while (!take(channel).isEnd()) {
            // recorded
        }
    }

    /** Waits until the test says {@link #proceed}, or the stream is aborted. */
    void pause() throws InterruptedException {
        proceed.await();
    }

    // ---- for tests ----

    void proceed() {
        proceed.countDown();
    }

    void awaitStarted() throws InterruptedException {
        await(started, "the handler to start");
    }

    void awaitFinished() throws InterruptedException {
        await(finished, "the handler to return");
    }

    void awaitEnd() throws InterruptedException {
        await(tookEnd, "the handler to take the caller's end");
    }

    void awaitAbortAction() throws InterruptedException {
        await(abortAction, "the abort action");
    }

    /** Whether the abort action runs within {@code wait}: for checks that it does not. */
    boolean abortActionWithin(Duration wait) throws InterruptedException {
        return abortAction.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean started() {
        return started.getCount() == 0;
    }

    int runs() {
        return runs.get();
    }

    int abortRuns() {
        return abortRuns.get();
    }

    int discards() {
        return discards.get();
    }

    List<StreamInput> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** What the body threw, or null when it returned. */
    Throwable thrown() {
        return thrown;
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(StreamFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("waited " + StreamFixture.WAIT + " for " + what);
        }
    }
}
