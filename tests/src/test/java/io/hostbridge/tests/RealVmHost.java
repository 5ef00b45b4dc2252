package io.hostbridge.tests;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real libvirt daemons of the real-VM tests ({@code @RegisterExtension static RealVmHost host = …}), as
 * prepared by {@code scripts/realvm/setup.sh}: the system daemon ({@link #systemUri()}), the session daemon of an
 * unprivileged user that root reaches through its socket ({@link #sessionUri()}; the migration target), and the
 * tiny guest's kernel and initramfs. Fails the test class when the machine is not prepared. Domains a test
 * {@linkplain #track tracks} are destroyed and undefined after each test, whatever its outcome,
 * and the directories it asked for are deleted.
 */
final class RealVmHost implements BeforeAllCallback, AfterEachCallback {
    /** Written by scripts/realvm/setup.sh. */
    static final Path ENV = Path.of(System.getProperty("hostbridge.realvm.env", "/var/cache/hostbridge-test/realvm.properties"));

    private final Properties env = new Properties();
    private final List<String[]> tracked = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Files.isReadable(ENV)) {
            throw new IllegalStateException("the real-VM host is not prepared (no " + ENV
                    + "): run scripts/realvm/setup.sh as root, or 'make test-realvm'");
        }
        try (Reader r = Files.newBufferedReader(ENV)) {
            env.load(r);
        }
        for (String uri : List.of(systemUri(), sessionUri())) {
            Shell.Result r = virsh(uri, "version");
            if (r.exit() != 0) {
                throw new IllegalStateException("libvirt does not answer on " + uri + " (" + r.err().strip()
                        + "): run scripts/realvm/setup.sh");
            }
        }
        for (Path file : List.of(kernel(), initrd())) {
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("no guest file " + file + ": run scripts/realvm/build-guest.sh");
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<String[]> domains;
        List<Path> dirs;
        synchronized (tracked) {
            domains = new ArrayList<>(tracked);
            tracked.clear();
            dirs = new ArrayList<>(directories);
            directories.clear();
        }
        for (String[] d : domains) {
            virsh(d[0], "destroy", d[1]);
            virsh(d[0], "undefine", d[1]);
        }
        for (Path dir : dirs) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The system daemon: agent 1's {@code vm.libvirtUri}. */
    String systemUri() {
        return get("systemUri");
    }

    /** The unprivileged session daemon, reached as root through its socket: agent 2's {@code vm.libvirtUri}. */
    String sessionUri() {
        return get("sessionUri");
    }

    /** The user the session daemon (and its QEMU, its virtlogd) runs as. */
    String sessionUser() {
        return get("sessionUser");
    }

    /**
     * The directory of the guest's kernel and initramfs, for the agents' {@code vm.isoDir} (their configuration is
     * made before any test runs, so this reads the properties itself; scripts/realvm/build-guest.sh's directory when
     * the machine is not prepared, which {@link #beforeAll} then reports).
     */
    static String guestDirectory() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ENV)) {
            p.load(r);
        } catch (IOException e) {
            return "/var/cache/hostbridge-test/guest";
        }
        return Path.of(p.getProperty("kernel", "/var/cache/hostbridge-test/guest/vmlinuz")).getParent().toString();
    }

    Path kernel() {
        return Path.of(get("kernel"));
    }

    Path initrd() {
        return Path.of(get("initrd"));
    }

    /** Destroys and undefines the domain {@code name} on {@code uri} after this test (names start with hbtest-). */
    void track(String uri, String name) {
        if (!name.startsWith(TinyGuest.PREFIX)) {
            throw new IllegalArgumentException("test domains are named " + TinyGuest.PREFIX + "…: " + name);
        }
        synchronized (tracked) {
            tracked.add(new String[] {uri, name});
        }
    }

    /**
     * A new directory the session daemon's processes can write (a console log on the migration target: its
     * virtlogd runs as {@link #sessionUser()}).
     */
    Path sessionWritableDirectory() throws IOException {
        Path dir = Files.createTempDirectory("hbtest-session");
        synchronized (tracked) {
            directories.add(dir);
        }
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(sessionUser()));
        return dir;
    }

    /**
     * A new directory the system daemon's QEMU (user {@code libvirt-qemu}) can reach: mode 0755 (a temporary
     * directory is 0700 root); libvirt gives the disk images in it to QEMU's user while the VM runs.
     */
    Path qemuReadableDirectory() throws IOException {
        Path dir = Files.createTempDirectory("hbtest-qemu");
        synchronized (tracked) {
            directories.add(dir);
        }
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    static Shell.Result virsh(String uri, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        return Shell.run(command, 120);
    }

    /** virsh's output, or an assertion failure with its error. */
    static String virshOk(String uri, String... args) throws IOException, InterruptedException {
        Shell.Result r = virsh(uri, args);
        if (r.exit() != 0) {
            throw new AssertionError("virsh -c " + uri + " " + String.join(" ", args) + ": " + r.err().strip());
        }
        return r.out();
    }

    /** 'virsh domstate --reason', e.g. "running (booted)", "paused (user)", "shut off (shutdown)"; null when absent. */
    static String domstate(String uri, String name) throws IOException, InterruptedException {
        Shell.Result r = virsh(uri, "domstate", "--reason", name);
        return r.exit() == 0 ? r.out().strip() : null;
    }

    private String get(String key) {
        String value = env.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no " + key + " in " + ENV + ": run scripts/realvm/setup.sh again");
        }
        return value;
    }
}
