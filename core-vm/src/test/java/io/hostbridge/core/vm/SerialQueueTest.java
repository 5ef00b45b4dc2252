package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hostbridge.api.BridgeException;
import io.hostbridge.core.Poll;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One VM's queue: the caller's timeout bounds the wait for a turn, never the work once it started. */
@Timeout(30)
class SerialQueueTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final SerialQueue queue = new SerialQueue(pool, "VM 7c1e");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    /** Holds the queue until {@link #release} opens. */
    private void block() {
        queue.submit(() -> release.await(10, TimeUnit.SECONDS));
    }

    /** Returns once everything queued so far had its turn. */
    private void drain() throws Exception {
        queue.submit(() -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTaskStillWaitingForItsTurnWhenTheTimeoutEndsIsWithdrawnAndNeverRuns() throws Exception {
        block();
        AtomicBoolean ran = new AtomicBoolean();

        BridgeException e = catchThrowableOfType(BridgeException.class,
                () -> queue.run(() -> ran.getAndSet(true), SHORT));

        assertThat(e).as("the caller's answer").isNotNull();
        assertThat(e.code()).isEqualTo(851);
        assertThat(e.getMessage()).contains("VM 7c1e", "did not run");
        release.countDown();
        drain();
        assertThat(ran).as("the withdrawn task ran").isFalse();
    }

    @Test
    void aTaskThatStartedIsWaitedForPastTheTimeoutAndItsOutcomeIsTheAnswer() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Object> answer = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                answer.set(queue.run(() -> {
                    started.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return "done";
                }, SHORT));
            } catch (RuntimeException e) {
                answer.set(e);
            }
        });
        caller.start();

        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // past its timeout, the caller waits without a deadline (WAITING, where the bounded wait is TIMED_WAITING)
        Poll.until(Duration.ofSeconds(10), caller::getState,
                s -> s == Thread.State.WAITING || s == Thread.State.TERMINATED, "the caller past its timeout");
        release.countDown();
        caller.join(10_000);

        assertThat(answer.get()).isEqualTo("done");
    }

    @Test
    void aFailureOfTheTaskIsTheAnswerAsItWas() {
        IllegalArgumentException failure = new IllegalArgumentException("bad");

        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> queue.run(() -> {
            throw failure;
        }, SHORT))).isSameAs(failure);
    }
}
