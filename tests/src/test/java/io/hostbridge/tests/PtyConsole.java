package io.hostbridge.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The serial console of a VM the agent made (a pty: {@code consolePath} of {@code VM.getInfo}), read by {@code cat}
 * from the moment it is opened: what the tiny guest prints from then on ({@link TinyGuest#TICK} lines, the
 * power-off line). QEMU keeps the pty raw, so nothing read is echoed back into the guest.
 */
final class PtyConsole implements AutoCloseable {
    private final String path;
    private final Process cat;
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;

    PtyConsole(String path) throws IOException {
        if (path == null || !path.startsWith("/dev/pts/")) {
            throw new AssertionError("not a pty console path: " + path);
        }
        this.path = path;
        cat = new ProcessBuilder("cat", path).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        cat.getOutputStream().close();
        reader = new Thread(this::read, "pty-console-" + path);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[4096];
        try (InputStream in = cat.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
            }
        } catch (IOException e) {
            // cat ended: the VM's QEMU closed the pty, or close() stopped it
        }
    }

    /** Everything read so far. */
    String text() {
        return text.toString();
    }

    /** Waits for {@code marker} on the console; returns the text read so far. */
    String await(String marker, Duration timeout) throws Exception {
        return Poll.until(timeout, "'" + marker + "' on the console " + path + " (read so far: " + tail() + ")",
                () -> text().contains(marker) ? text() : null);
    }

    /** Waits for a tick after {@code after} ({@code hb.ticks=1}); returns its number. */
    int awaitTickAfter(int after, Duration timeout) throws Exception {
        return Poll.until(timeout, "a " + TinyGuest.TICK + " after " + after + " on " + path + " (read so far: "
                + tail() + ")", () -> {
                    int last = lastTick();
                    return last > after ? last : null;
                });
    }

    /** The last tick printed ({@code hb.ticks=1}) on a complete line, 0 when none yet. */
    int lastTick() {
        String all = text();
        return TinyGuest.lastTick(all.substring(0, all.lastIndexOf('\n') + 1));
    }

    private String tail() {
        String all = text();
        return all.length() > 300 ? "…" + all.substring(all.length() - 300) : all;
    }

    @Override
    public void close() {
        cat.destroy();
    }
}
