package io.hostbridge.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The tiny test guest (scripts/realvm/build-guest.sh): Debian's cloud kernel and a busybox initramfs, TCG, no disk,
 * its serial console written to a file. What its /init prints on the console is how tests see inside it.
 */
final class TinyGuest {
    static final String PREFIX = "hbtest-";
    /** Printed once /init runs. */
    static final String UP = "HOSTBRIDGE-GUEST-UP";
    /** Printed before /init powers the guest off: "… timer" ({@code hb.poweroff=N}) or "… acpi" (power button). */
    static final String POWEROFF = "HOSTBRIDGE-GUEST-POWEROFF";
    /** Printed every second with {@code hb.ticks=1}: "HOSTBRIDGE-GUEST-TICK n". */
    static final String TICK = "HOSTBRIDGE-GUEST-TICK";
    /** The prompt of the shell on the console with {@code hb.shell=1}. */
    static final String SHELL_PROMPT = "HOSTBRIDGE-GUEST-SHELL# ";

    private final String name;
    private final String kernelArgs;
    private final Path console;
    private final RealVmHost host;

    private TinyGuest(RealVmHost host, String purpose, String extraArgs, Path console) {
        this.host = host;
        this.name = PREFIX + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.kernelArgs = kernelArgs(extraArgs);
        this.console = console;
    }

    /** A guest named hbtest-{purpose}-…, with {@code extraArgs} on its kernel command line, its console in {@code dir}. */
    static TinyGuest of(RealVmHost host, String purpose, String extraArgs, Path dir) {
        return new TinyGuest(host, purpose, extraArgs, dir.resolve("console.log"));
    }

    /** The kernel command line: the serial console plus {@code extra} (hb.poweroff=N, hb.ticks=1, hb.shell=1). */
    static String kernelArgs(String extra) {
        return ("console=ttyS0 quiet " + extra).strip();
    }

    String name() {
        return name;
    }

    Path console() {
        return console;
    }

    /** The domain XML: scripts/realvm/tiny-guest.xml (TCG, 128 MiB, no disk, the serial console to {@link #console()}). */
    String xml() throws IOException {
        Path template = Path.of(System.getProperty("hostbridge.repo", ".."), "scripts/realvm/tiny-guest.xml");
        return Files.readString(template).replace("@NAME@", name).replace("@KERNEL@", host.kernel().toString())
                .replace("@INITRD@", host.initrd().toString()).replace("@CMDLINE@", kernelArgs)
                .replace("@CONSOLE@", console.toString());
    }

    /** Writes {@link #xml()} next to the console log, for 'virsh define' or 'virsh create'. */
    Path xmlFile() throws IOException {
        Path file = console.resolveSibling(name + ".xml");
        Files.writeString(file, xml());
        return file;
    }

    /** The console text so far ("" before QEMU opened it). */
    static String consoleText(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits for {@code marker} on the console log {@code log}; returns the whole console text. */
    static String awaitConsole(Path log, String marker, Duration timeout) throws Exception {
        return Poll.until(timeout, "'" + marker + "' on the guest console " + log, () -> {
            String text = consoleText(log);
            return text.contains(marker) ? text : null;
        });
    }

    /** The last "HOSTBRIDGE-GUEST-TICK n" on a console, 0 when none. */
    static int lastTick(String consoleText) {
        int last = 0;
        for (String line : consoleText.split("\n")) {
            if (line.startsWith(TICK + " ")) {
                last = Integer.parseInt(line.substring(TICK.length() + 1).strip());
            }
        }
        return last;
    }
}
