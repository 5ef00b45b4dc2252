package io.hostbridge.core.transfer.internal;

import io.hostbridge.core.Spawner;
import io.hostbridge.api.transfer.TransferExtent;
import io.hostbridge.core.transfer.ImageBackend;
import io.hostbridge.core.spi.NbdExports;
import io.hostbridge.nbd.DirtyExtent;
import io.hostbridge.nbd.Extent;
import io.hostbridge.nbd.NbdClient;
import io.hostbridge.nbd.QemuNbd;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A qcow2 volume's guest-visible data (its backing chain included), served by a qemu-nbd started for one ticket
 * and stopped when the backend closes; or an NBD export someone else serves ({@link #attach}). An {@link NbdClient} carries one command at a time, so each call borrows a
 * client from a pool; the pool never holds more connections than qemu-nbd's {@code --shared} count, since a
 * connection past it would wait for a free slot that pooled clients never give back.
 *
 * <p>Flushes go over any one connection: all connections of one qemu-nbd share one block backend, which is why
 * it advertises NBD {@code CAN_MULTI_CONN}.
 *
 * <p>qemu-nbd locks the image (a writer excludes every other opener), so tickets on the same volume share one
 * backend: {@link #retain()} adds a user, {@link #close()} removes one, and the last stops qemu-nbd.
 */
final class NbdBackend implements ImageBackend {
    private static final Logger LOG = LoggerFactory.getLogger(NbdBackend.class);

    /** Opens one more connection to the export. */
    private interface Connector {
        NbdClient connect() throws IOException;
    }

    /** qemu-nbd when this backend started it, else null (an export served by someone else, e.g. a VM's backup). */
    private final QemuNbd server;
    private final Connector connector;
    private final String what;
    private final boolean dirtyBitmap;
    private final long size;
    private final Semaphore connections;
    private final Deque<NbdClient> idle = new ConcurrentLinkedDeque<>();
    private final int maxReaders;
    private final int maxWriters;
    private final boolean writable;
    private final Consumer<NbdBackend> onStop;
    private int users = 1;
    private volatile boolean closed;

    private NbdBackend(QemuNbd server, Connector connector, String what, boolean dirtyBitmap, boolean writable,
                       long size, int clients, int maxReaders, int maxWriters, Consumer<NbdBackend> onStop) {
        this.server = server;
        this.connector = connector;
        this.what = what;
        this.dirtyBitmap = dirtyBitmap;
        this.writable = writable;
        this.onStop = onStop;
        this.size = size;
        this.connections = new Semaphore(clients);
        this.maxReaders = maxReaders;
        this.maxWriters = maxWriters;
    }

    /**
     * Starts qemu-nbd for {@code image} with its socket in {@code socketDir} and connects a first client;
     * {@code onStop} runs once qemu-nbd is stopped.
     */
    static NbdBackend open(Path image, boolean writable, Path socketDir, int maxReaders, int maxWriters,
                           Consumer<NbdBackend> onStop) throws IOException {
        int clients = Math.max(maxReaders, maxWriters);
        QemuNbd server = QemuNbd.builder(image, QemuNbd.Format.QCOW2).socketDir(socketDir).readOnly(!writable)
                .shared(clients).launcher(Spawner::start).start();
        try {
            NbdClient first = server.connect();
            NbdBackend backend = new NbdBackend(server, server::connect, "qemu-nbd " + server.pid(), false, writable,
                    first.size(), clients, maxReaders, maxWriters, onStop);
            backend.idle.push(first);
            LOG.info("qemu-nbd {} serves {} ({}) on {}", server.pid(), image, writable ? "read-write" : "read-only",
                    server.socket());
            return backend;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Connects to an export served by someone else (a running backup's NBD server, an {@code NBD.start_server}
     * export): closing the backend disconnects, the server goes on. Its dirty bitmap, if it exports one, is asked
     * for on every connection.
     */
    static NbdBackend attach(NbdExports.Export export, boolean writable, int maxReaders, int maxWriters)
            throws IOException {
        String bitmap = export.dirtyBitmap().orElse(null);
        Connector connector = () -> NbdClient.connect(export.socket(), export.exportName(), bitmap);
        NbdClient first = connector.connect();
        try {
            if (writable && first.readOnly()) {
                throw new IOException("NBD export '" + export.exportName() + "' is read-only");
            }
            NbdBackend backend = new NbdBackend(null, connector, "NBD export '" + export.exportName() + "'",
                    first.hasDirtyBitmap(), writable, first.size(), Math.max(maxReaders, maxWriters), maxReaders,
                    maxWriters, stopped -> { });
            backend.idle.push(first);
            return backend;
        } catch (IOException | RuntimeException e) {
            disconnect(first);
            throw e;
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        int n = (int) Math.min(dst.remaining(), Math.max(0, size - offset));
        if (n == 0) {
            return 0;
        }
        ByteBuffer part = dst.slice(dst.position(), n);
        call(c -> {
            c.read(offset, part);
            return null;
        });
        dst.position(dst.position() + n);
        return n;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        call(c -> {
            c.write(offset, src);
            return null;
        });
    }

    @Override
    public void zero(long offset, long length, boolean punchHole) throws IOException {
        if (length == 0) {
            return;
        }
        call(c -> {
            c.zero(offset, length, punchHole);
            return null;
        });
    }

    @Override
    public void flush() throws IOException {
        call(c -> {
            c.flush();
            return null;
        });
    }

    @Override
    public List<TransferExtent> extents(long offset, long length) throws IOException {
        List<Extent> extents = call(c -> c.extents(offset, length));
        List<TransferExtent> out = new ArrayList<>(extents.size());
        for (Extent e : extents) {
            out.add(new TransferExtent(e.start(), e.length(), e.zero(), e.hole(), false));
        }
        return out;
    }

    @Override
    public boolean hasDirtyExtents() {
        return dirtyBitmap;
    }

    @Override
    public List<TransferExtent> dirtyExtents(long offset, long length) throws IOException {
        List<DirtyExtent> extents = call(c -> c.dirtyExtents(offset, length));
        List<TransferExtent> out = new ArrayList<>(extents.size());
        for (DirtyExtent e : extents) {
            out.add(new TransferExtent(e.start(), e.length(), e.zero(), false, e.dirty()));
        }
        return out;
    }

    @Override
    public int maxReaders() {
        return maxReaders;
    }

    @Override
    public int maxWriters() {
        return maxWriters;
    }

    /** Whether qemu-nbd serves the image for writing. */
    boolean writable() {
        return writable;
    }

    /** Adds a user (another ticket); false once the backend has stopped. */
    synchronized boolean retain() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    /**
     * Removes a user. The last one disconnects the idle clients and stops qemu-nbd; calls in flight then fail as
     * their connection goes.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || --users > 0) {
                return;
            }
            closed = true;
        }
        drain();
        if (server == null) {
            onStop.accept(this);
            return;
        }
        try {
            server.close();
            LOG.info("{} stopped", what);
        } catch (IOException e) {
            LOG.warn("cleaning up after {} failed", what, e);
        } finally {
            onStop.accept(this);
        }
    }

    private interface Call<T> {
        T on(NbdClient client) throws IOException;
    }

    /** Runs {@code call} on a pooled client; a client whose call failed is closed, not returned to the pool. */
    private <T> T call(Call<T> call) throws IOException {
        if (closed) {
            throw new IOException("the NBD backend is closed");
        }
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for an NBD connection");
        }
        NbdClient client = idle.poll();
        boolean reusable = false;
        try {
            if (client == null) {
                client = connector.connect();
            }
            T result = call.on(client);
            reusable = true;
            return result;
        } finally {
            if (client != null) {
                if (reusable) {
                    idle.push(client);
                    if (closed) {
                        drain();
                    }
                } else {
                    disconnect(client);
                }
            }
            connections.release();
        }
    }

    private void drain() {
        for (NbdClient c = idle.poll(); c != null; c = idle.poll()) {
            disconnect(c);
        }
    }

    private static void disconnect(NbdClient client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing an NBD connection failed", e);
        }
    }
}
