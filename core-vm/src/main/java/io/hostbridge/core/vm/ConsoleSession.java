package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One caller's hold on a VM's console: the handler of its {@code VM.openConsole} stream.
 *
 * <p>Threads: the stream's thread copies what the caller sends into the console (it waits in
 * {@link StreamChannel#receive}); a reader thread waits in libvirt's blocking read and copies what the guest writes
 * to the caller. Whatever ends the session first (the caller's OK or abort, the console's end when the VM stops, a
 * forced take-over, a failure) ends the libvirt stream, which wakes the reader, and interrupts the stream's thread
 * if it still waits for the caller: {@code receive} has no other way to stop waiting. The run returns only when
 * the reader is done, so the stream's thread is again the only sender when the bridge ends the stream.
 */
final class ConsoleSession implements StreamHandler {
    /** A console read: guest output comes in small pieces; this bounds one packet's copy. */
    private static final int READ = 64 * 1024;

    /** How a session ended; the first reason wins. */
    enum Ending {
        /** The caller sent OK. */
        CALLER_DONE,
        /** The caller aborted or went away. */
        CALLER_GONE,
        /** libvirt ended the console: the VM's QEMU closed it (the VM stopped). */
        CONSOLE_CLOSED,
        /** Another caller forced the console away. */
        TAKEN,
        /** The agent stops. */
        STOPPING,
        /** Anything else: see the cause. */
        FAILED
    }

    private final Vm vm;
    private final DomainStream console;
    private final ExecutorService readers;
    private final BooleanSupplier domainRunning;
    private final Consumer<ConsoleSession> released;
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile Exception cause;
    /** The stream's thread while it waits for the caller; guarded by this. */
    private Thread typist;
    private boolean closed;

    /**
     * @param domainRunning asks libvirt whether the VM's domain still runs (a console failing as the VM stops is
     *                      its normal end)
     * @param released      told once the console is closed, whatever ended it
     */
    ConsoleSession(Vm vm, DomainStream console, ExecutorService readers, BooleanSupplier domainRunning,
                   Consumer<ConsoleSession> released) {
        this.vm = vm;
        this.console = console;
        this.readers = readers;
        this.domainRunning = domainRunning;
        this.released = released;
    }

    Vm vm() {
        return vm;
    }

    /** Another caller forced the console away: this caller's stream ends with code 5009. */
    void takeOver() {
        end(Ending.TAKEN, null);
    }

    /** The agent stops: the stream ends with code 40. */
    void stop() {
        end(Ending.STOPPING, null);
    }

    @Override
    public void run(StreamChannel channel) throws Exception {
        channel.onAbort(() -> end(Ending.CALLER_GONE, null));
        Future<?> reader;
        try {
            reader = readers.submit(() -> copyOut(channel));
        } catch (RejectedExecutionException e) {
            end(Ending.STOPPING, null); // the stream started as the agent stopped its VM threads
            close();
            outcome();
            return;
        }
        try {
            copyIn(channel);
        } finally {
            awaitReader(reader);
            close();
        }
        outcome();
    }

    @Override
    public void discard() {
        end(Ending.CALLER_GONE, null);
        close();
    }

    /** Caller → console, on the stream's thread, until the session ends. */
    private void copyIn(StreamChannel channel) {
        synchronized (this) {
            typist = Thread.currentThread();
        }
        try {
            while (ending.get() == null) {
                StreamInput input = channel.receive();
                if (input.isEnd()) {
                    end(Ending.CALLER_DONE, null);
                } else if (input.isData()) {
                    console.write(input.data());
                } else {
                    end(Ending.FAILED, BridgeException.of(ErrorCode.STREAM_PROTOCOL_ERROR, "A console takes data,"
                            + " not holes: stream " + channel.id() + " ended"));
                }
            }
        } catch (StreamAbortedException e) {
            end(Ending.CALLER_GONE, null);
        } catch (IOException | RuntimeException e) {
            end(Ending.FAILED, e); // the console refused what the caller typed (unless the session ended first)
        } catch (InterruptedException e) {
            end(Ending.STOPPING, null); // woken because the session ended elsewhere; else the agent stops
        } finally {
            synchronized (this) {
                typist = null;
            }
            // an interrupt meant for the loop may arrive after its last wait: it must not reach the bridge's handshake
            Thread.interrupted();
        }
    }

    /** Console → caller, on the reader thread, until the session ends. */
    private void copyOut(StreamChannel channel) {
        byte[] buffer = new byte[READ];
        try {
            while (ending.get() == null) {
                int n = console.read(buffer);
                if (n < 0) {
                    end(Ending.CONSOLE_CLOSED, null);
                } else {
                    channel.send(ByteBuffer.wrap(Arrays.copyOf(buffer, n))); // the stream keeps the buffer
                }
            }
        } catch (StreamAbortedException e) {
            end(Ending.CALLER_GONE, null);
        } catch (IOException | RuntimeException e) {
            end(Ending.FAILED, e); // after another ending this is only the libvirt stream it ended: ignored
        } catch (InterruptedException e) {
            end(Ending.STOPPING, null);
        }
    }

    /** Ends the session (the first reason wins) and the libvirt stream with it, which wakes both sides. */
    private void end(Ending why, Exception failure) {
        if (!ending.compareAndSet(null, why)) {
            return;
        }
        cause = failure;
        if (why == Ending.CALLER_DONE || why == Ending.CONSOLE_CLOSED) {
            console.finish();
        } else {
            console.abort();
        }
        synchronized (this) {
            if (typist != null && typist != Thread.currentThread()) {
                typist.interrupt();
            }
        }
    }

    private void awaitReader(Future<?> reader) throws InterruptedException {
        try {
            reader.get();
        } catch (ExecutionException e) {
            end(Ending.FAILED, e); // copyOut catches everything but errors of the JVM itself
        }
    }

    private void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // let go before the libvirt stream is freed: whoever sees it freed finds the console free
        released.accept(this);
        console.close();
    }

    /** How the caller learns of the end: a normal return (the bridge's OK handshake) or an exception. */
    private void outcome() throws StreamAbortedException {
        Ending why = ending.get();
        switch (why) {
            case CALLER_DONE, CONSOLE_CLOSED -> {
                // the bridge answers the caller's OK, or sends the end of data and waits for it
            }
            case CALLER_GONE -> throw new StreamAbortedException("the caller ended the console of VM " + vm.id());
            case TAKEN -> throw BridgeException.of(ErrorCode.CONSOLE_BUSY, "Another caller took the console of VM "
                    + vm.id() + " (force)");
            case STOPPING -> throw BridgeException.of(ErrorCode.UNAVAILABLE, "The agent is stopping: the console"
                    + " of VM " + vm.id() + " is closed");
            case FAILED -> failed();
            default -> throw new IllegalStateException(String.valueOf(why));
        }
    }

    private void failed() {
        Exception e = cause;
        if (e instanceof BridgeException b) {
            throw b;
        }
        if (!domainRunning.getAsBoolean()) {
            return; // the VM stopped under the console: its end, not a failure
        }
        // libvirt's words name host paths and devices: logged under an error id, the id goes to the caller
        throw BridgeException.failure(ErrorCode.GENERAL, "The console of VM " + vm.id() + " failed", e);
    }
}
