package io.hostbridge.core.vm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * Consoles for VMs on libvirt's test driver, which has none: each open gives a console with a one-line shell behind
 * it, as the tiny guest of the real-VM tests has. It echoes what is typed, answers {@code echo WORDS} with WORDS,
 * and prompts {@code fake# }. Its stream behaves like libvirt's blocking stream: a read waits, and abort or finish
 * from another thread wakes it with an error; {@link FakeConsole#hangUp} is the VM's QEMU closing the console.
 */
final class FakeConsoles implements ConsoleOpener {
    static final String PROMPT = "fake# ";

    private final List<FakeConsole> opened = new CopyOnWriteArrayList<>();

    @Override
    public DomainStream open(Connect connect, Domain domain, String devname, boolean force) {
        FakeConsole console = new FakeConsole(devname, force);
        opened.add(console);
        return console;
    }

    /** Consoles opened so far, oldest first. */
    List<FakeConsole> opened() {
        return List.copyOf(opened);
    }

    FakeConsole last() {
        if (opened.isEmpty()) {
            throw new AssertionError("no console was opened");
        }
        return opened.get(opened.size() - 1);
    }

    /** One console stream. */
    static final class FakeConsole implements DomainStream {
        private static final byte[] HUNG_UP = new byte[0];

        final String devname;
        final boolean forced;
        private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
        private final StringBuilder line = new StringBuilder();
        private final StringBuilder typed = new StringBuilder();
        private volatile String ended;
        private volatile boolean closed;

        FakeConsole(String devname, boolean forced) {
            this.devname = devname;
            this.forced = forced;
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            try {
                byte[] next = output.take();
                if (next == HUNG_UP) {
                    return -1;
                }
                if (ended != null) {
                    throw new IOException("stream is closed (" + ended + ")");
                }
                System.arraycopy(next, 0, buffer, 0, next.length);
                return next.length;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public synchronized void write(ByteBuffer data) throws IOException {
            if (ended != null) {
                throw new IOException("stream is closed (" + ended + ")");
            }
            String text = StandardCharsets.UTF_8.decode(data).toString();
            typed.append(text);
            StringBuilder out = new StringBuilder();
            for (char c : text.toCharArray()) {
                if (c == '\r' || c == '\n') {
                    out.append("\r\n");
                    String command = line.toString();
                    line.setLength(0);
                    if (command.startsWith("echo ")) {
                        out.append(command.substring(5)).append("\r\n");
                    }
                    out.append(PROMPT);
                } else {
                    line.append(c);
                    out.append(c);
                }
            }
            output.add(out.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void finish() {
            end("finished");
        }

        @Override
        public void abort() {
            end("aborted");
        }

        private void end(String how) {
            if (ended == null) {
                ended = how;
                output.add(new byte[1]); // wakes a waiting read, which then fails as libvirt's does
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        /** The VM's QEMU closes the console (the VM stopped): a read returns the end. */
        void hangUp() {
            output.add(HUNG_UP);
        }

        /** Prints {@code text} as the guest would, unasked. */
        void print(String text) {
            output.add(text.getBytes(StandardCharsets.UTF_8));
        }

        /** How it was ended ("finished", "aborted"), or null while it is open. */
        String ended() {
            return ended;
        }

        boolean closed() {
            return closed;
        }

        synchronized String typed() {
            return typed.toString();
        }
    }
}
