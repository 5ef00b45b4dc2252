package io.hostbridge.core.vm;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking libvirt stream. Through a daemon (qemu:///system) one thread may wait in {@code virStreamRecv} while
 * another sends, and {@code virStreamAbort} or {@code virStreamFinish} from a third wakes the reader with an error
 * (verified against libvirt 9.0): so a console needs no event loop, only a reading thread.
 */
final class LibvirtStream implements DomainStream {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtStream.class);

    private final Stream stream;
    private final String what;
    private boolean ended;
    private boolean closed;

    /** @param what the stream, for the log ("console of VM …") */
    LibvirtStream(Stream stream, String what) {
        this.stream = stream;
        this.what = what;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        try {
            int n = stream.receive(buffer);
            return n == 0 ? -1 : n;
        } catch (LibvirtException e) {
            throw new IOException(what + ": " + Libvirt.message(e), e);
        }
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        int done = 0;
        try {
            while (done < bytes.length) {
                byte[] rest = done == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, done, bytes.length);
                done += stream.send(rest);
            }
        } catch (LibvirtException e) {
            throw new IOException(what + ": " + Libvirt.message(e), e);
        }
    }

    @Override
    public void finish() {
        end(false);
    }

    @Override
    public void abort() {
        end(true);
    }

    private synchronized void end(boolean abort) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (abort) {
                stream.abort();
            } else {
                stream.finish();
            }
        } catch (LibvirtException | RuntimeException e) {
            // the other side ended it first (the VM stopped, another client forced the console): nothing to undo
            LOG.debug("{}: {} failed: {}", what, abort ? "abort" : "finish", Libvirt.message(e));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            end(true);
        }
        try {
            stream.free();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("{}: free failed: {}", what, Libvirt.message(e));
        }
    }
}
