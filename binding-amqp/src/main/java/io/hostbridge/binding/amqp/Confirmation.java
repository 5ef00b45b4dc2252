package io.hostbridge.binding.amqp;

import jakarta.jms.CompletionListener;
import jakarta.jms.Message;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The broker's answer to one message sent with it: taken, or refused. Set on the client library's thread. */
final class Confirmation implements CompletionListener {
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile Exception refused;

    @Override
    public void onCompletion(Message message) {
        answered.countDown();
    }

    @Override
    public void onException(Message message, Exception exception) {
        refused = exception;
        answered.countDown();
    }

    /** Waits at most {@code nanos} for the answer; true when it came. */
    boolean await(long nanos) throws InterruptedException {
        return answered.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Why the broker refused the message, or null when it took it (or has not answered). */
    Exception refusal() {
        return refused;
    }
}
