package io.hostbridge.nbd;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code qemu-nbd} process serving one image file on a unix socket, for as long as a transfer needs it.
 *
 * <p>Start it with {@link #builder}, connect clients with {@link #connect()}, and {@link #close()} it to stop
 * the process (SIGTERM, then SIGKILL after a grace period) and remove its socket. The process never outlives
 * the JVM: it is started through {@code setpriv --pdeathsig KILL} from one long-lived thread (the kernel sends
 * the signal when the thread that spawned the child dies), so even a killed agent leaves no orphan behind.
 * Stale socket files of a killed agent are removed with {@link #removeStaleSockets(Path)}.
 */
public final class QemuNbd implements AutoCloseable {

    /** Image formats qemu-nbd is asked to open. */
    public enum Format { RAW, QCOW2 }

    /** Host page cache use; AUTO is NONE (O_DIRECT, native AIO) where the file system allows it, else WRITEBACK. */
    public enum Cache { AUTO, NONE, WRITEBACK }

    static final String SOCKET_PREFIX = "nbd-";
    private static final int MAX_SOCKET_PATH = 107;

    private final Process process;
    private final Path socket;
    private final Path log;
    private final String exportName;

    private QemuNbd(Process process, Path socket, Path log, String exportName) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.exportName = exportName;
    }

    /** A builder for serving {@code image}, which must exist, in {@code format}. */
    public static Builder builder(Path image, Format format) {
        return new Builder(image, format);
    }

    /** The unix socket the export is served on. */
    public Path socket() {
        return socket;
    }

    /** The export's name. */
    public String exportName() {
        return exportName;
    }

    /** The qemu-nbd process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Opens a new client connection to the export. */
    public NbdClient connect() throws IOException {
        return NbdClient.connect(socket, exportName);
    }

    /** Stops qemu-nbd (TERM, then KILL after 5 s) and removes its socket and log. */
    @Override
    public void close() throws IOException {
        stop(process, Duration.ofSeconds(5));
        Files.deleteIfExists(socket);
        Files.deleteIfExists(log);
    }

    /** Removes sockets that no process listens on (left by a killed agent) and their logs from {@code dir}. */
    public static void removeStaleSockets(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, SOCKET_PREFIX + "*.sock")) {
            for (Path s : files) {
                if (!accepts(s)) {
                    Files.deleteIfExists(s);
                    Files.deleteIfExists(logOf(s));
                }
            }
        }
    }

    static boolean accepts(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the server sends its NBD greeting. qemu-nbd listens before it opens the image, so a connection
     * alone proves nothing; the greeting comes once the export is ready (EOF if opening the image failed).
     */
    static boolean greets(Path socket, long deadline) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            ByteBuffer magic = ByteBuffer.allocate(8);
            while (magic.hasRemaining() && System.nanoTime() < deadline) {
                if (ch.read(magic) < 0) {
                    return false;
                }
                if (magic.hasRemaining()) {
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                }
            }
            return !magic.hasRemaining() && magic.getLong(0) == Nbd.NBDMAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path logOf(Path socket) {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".log");
    }

    private static void stop(Process p, Duration grace) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a configured process; an agent passes its own, e.g. one whose children die with it. */
    @FunctionalInterface
    public interface Launcher {
        Process start(ProcessBuilder process) throws IOException;
    }

    /** Options for one qemu-nbd process; {@link #socketDir} is required. */
    public static final class Builder {
        private final Path image;
        private final Format format;
        private Path socketDir;
        private boolean readOnly;
        private String exportName = "";
        private int shared = 8;
        private Cache cache = Cache.AUTO;
        private Duration startTimeout = Duration.ofSeconds(10);
        private Launcher launcher = ProcessBuilder::start;
        private boolean backingChain = true;
        private String bitmap;

        private Builder(Path image, Format format) {
            this.image = Objects.requireNonNull(image, "image");
            this.format = Objects.requireNonNull(format, "format");
        }

        /** Directory for the socket (and qemu-nbd's log), e.g. the agent's run dir; the path must stay short. */
        public Builder socketDir(Path dir) {
            this.socketDir = dir;
            return this;
        }

        /** Export read-only (default false). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Export name (default ""). */
        public Builder exportName(String name) {
            this.exportName = Objects.requireNonNull(name, "exportName");
            return this;
        }

        /** Maximum number of concurrent clients (default 8). */
        public Builder shared(int clients) {
            if (clients < 1) {
                throw new IllegalArgumentException("shared must be at least 1, got " + clients);
            }
            this.shared = clients;
            return this;
        }

        /** Cache mode (default AUTO). */
        public Builder cache(Cache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** How long to wait for the socket to accept connections (default 10 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
            return this;
        }

        /** Serve the image with its backing chain (default) or its own layer alone (a qcow2's unallocated reads 0). */
        public Builder backingChain(boolean withChain) {
            this.backingChain = withChain;
            return this;
        }

        /** Also export this dirty bitmap of the image ({@code qemu-nbd -B}), for incremental backups. */
        public Builder bitmap(String name) {
            this.bitmap = Objects.requireNonNull(name, "bitmap");
            return this;
        }

        /** How the process is started (default {@link ProcessBuilder#start}), e.g. tied to the caller's life. */
        public Builder launcher(Launcher launcher) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        /** Starts qemu-nbd and returns once its socket accepts connections. */
        public QemuNbd start() throws IOException {
            if (socketDir == null) {
                throw new IllegalStateException("socketDir is required");
            }
            if (!Files.exists(image)) {
                throw new NbdException("cannot serve " + image + ": no such file");
            }
            Files.createDirectories(socketDir);
            String base = SOCKET_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path socket = socketDir.resolve(base + ".sock").toAbsolutePath();
            if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                throw new NbdException("unix socket path too long (max " + MAX_SOCKET_PATH + " bytes): " + socket);
            }
            Path log = socketDir.resolve(base + ".log");
            Cache mode = cache == Cache.AUTO ? (DirectIo.supported(image, readOnly) ? Cache.NONE : Cache.WRITEBACK)
                    : cache;
            ProcessBuilder pb = new ProcessBuilder(command(socket, mode))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile());
            Process process = launcher.start(pb);
            QemuNbd nbd = new QemuNbd(process, socket, log, exportName);
            try {
                awaitSocket(process, socket, log);
                return nbd;
            } catch (IOException | RuntimeException e) {
                nbd.close();
                throw e;
            }
        }

        List<String> command(Path socket, Cache mode) {
            List<String> cmd = new ArrayList<>();
            cmd.add("qemu-nbd");
            cmd.add("--socket=" + socket);
            cmd.add("--export-name=" + exportName);
            cmd.add("--persistent");
            cmd.add("--shared=" + shared);
            cmd.add("--cache=" + (mode == Cache.NONE ? "none" : "writeback"));
            cmd.add("--aio=" + (mode == Cache.NONE ? "native" : "threads"));
            if (readOnly) {
                cmd.add("--read-only");
            } else {
                cmd.add("--discard=unmap");
                cmd.add("--detect-zeroes=unmap");
            }
            if (format == Format.QCOW2) {
                cmd.add("--allocation-depth");
            }
            if (bitmap != null) {
                cmd.add("--bitmap=" + bitmap);
            }
            cmd.add(ImageSpec.json(image, format, backingChain));
            return cmd;
        }

        private void awaitSocket(Process process, Path socket, Path log) throws IOException {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new NbdException("qemu-nbd failed to serve " + image + " (exit code " + process.exitValue()
                            + "): " + tail(log));
                }
                if (Files.exists(socket) && greets(socket, deadline)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new NbdException("qemu-nbd did not open " + socket + " within " + startTimeout + ": "
                            + tail(log));
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }

        private static String tail(Path log) throws IOException {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
            return text.isEmpty() ? "no message" : text.substring(Math.max(0, text.length() - 2000));
        }
    }
}
