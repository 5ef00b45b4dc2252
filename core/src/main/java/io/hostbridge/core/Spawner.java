package io.hostbridge.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts child processes that die with the JVM. {@code setpriv --pdeathsig KILL} makes the kernel kill the
 * child when its parent dies, and for the kernel the parent is the <em>thread</em> that spawned it, so all
 * children are spawned from this one daemon thread, which lives as long as the JVM (a worker thread of a pool
 * could end and take the children with it). Used for every helper process the agent runs (qemu-img, qemu-nbd).
 */
public final class Spawner {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    // one thread for the JVM's lifetime, by design (see above): never shut down
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hostbridge-process-spawner");
        t.setDaemon(true);
        return t;
    });

    private Spawner() {
    }

    /** The command prefix that ties a child's life to the JVM, empty where setpriv is missing. */
    private static List<String> prefix() {
        return Files.isExecutable(SETPRIV) ? List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--") : List.of();
    }

    /** Starts {@code pb}'s command as a child that dies with the JVM (its command gains the setpriv prefix). */
    public static Process start(ProcessBuilder pb) throws IOException {
        List<String> command = new ArrayList<>(prefix());
        command.addAll(pb.command());
        pb.command(command);
        Future<Process> f = THREAD.submit(() -> {
            try {
                return pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // keep waiting: the child starts anyway, and only our caller can stop it again
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("cannot start " + pb.command() + ": " + cause.getMessage(), cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
