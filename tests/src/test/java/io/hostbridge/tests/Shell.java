package io.hostbridge.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client (curl, python3) and collects its output. */
final class Shell {
    record Result(int exit, String out, String err) {
    }

    private Shell() {
    }

    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, timeoutSeconds, null);
    }

    /** Runs {@code command} in the directory {@code dir} (null: this process's). */
    static Result run(List<String> command, long timeoutSeconds, java.nio.file.Path dir)
            throws IOException, InterruptedException {
        return start(command, dir).finish(timeoutSeconds);
    }

    /** A client started in the background: {@link #finish} collects it. */
    static final class Running {
        private final List<String> command;
        private final Process process;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        private final Thread o;
        private final Thread e;

        private Running(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            o = new Thread(() -> copy(process.getInputStream(), out));
            e = new Thread(() -> copy(process.getErrorStream(), err));
            o.start();
            e.start();
        }

        /** Waits for the client to exit, at most {@code timeoutSeconds}; then kills it and fails. */
        Result finish(long timeoutSeconds) throws InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            o.join();
            e.join();
            return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs {@code command} with {@code env} added to this process's environment. */
    static Result run(List<String> command, java.util.Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        return start(command, null, env).finish(timeoutSeconds);
    }

    /** Starts {@code command} in the directory {@code dir} (null: this process's) without waiting for it. */
    static Running start(List<String> command, java.nio.file.Path dir) throws IOException {
        return start(command, dir, java.util.Map.of());
    }

    private static Running start(List<String> command, java.nio.file.Path dir, java.util.Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        return new Running(command, p);
    }

    static Result sh(String script, long timeoutSeconds) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", script), timeoutSeconds);
    }

    private static void copy(java.io.InputStream in, java.io.OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // process ended
        }
    }
}
