package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package (docs/packaging.md) on this machine, as root: its archive, installed with {@code dpkg -i}, its
 * unit checked by {@code systemd-analyze verify}, the agent started as hostbridge.service starts it, then purged.
 * This machine runs no systemd: the test runs the unit's ExecStart and ExecStartPost itself, with the environment
 * systemd gives them plus a temporary state and run directory and free ports, so it collides with no other agent.
 * The installed host shell, /usr/bin/hbsh, talks to the installed agent on its socket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageTest {
    private static final Path DEB = Path.of(System.getProperty("hostbridge.repo"),
            "packaging/target/hostbridge_0.1.0~SNAPSHOT_all.deb");
    private static final Path DIST = Path.of(System.getProperty("hostbridge.repo"),
            "packaging/target/hostbridge-0.1.0-SNAPSHOT/hostbridge-0.1.0-SNAPSHOT");
    private static final Path UNIT = Path.of("/lib/systemd/system/hostbridge.service");
    private static final Path CONFFILE = Path.of("/etc/hostbridge/hostbridge.yaml");
    private static final Path STATE = Path.of("/var/lib/hostbridge");
    /** What the package leaves in the state directory, to see purge keep it; removed after. */
    private static final Path MARKER = STATE.resolve("deb-package-test-" + UUID.randomUUID());
    private static boolean stateExisted;

    @BeforeAll
    static void install() throws Exception {
        assertThat(DEB).as("built by 'mvn package' in packaging/ (make deb)").isRegularFile();
        dpkg("--purge", "hostbridge"); // a run that died may have left it installed
        stateExisted = Files.isDirectory(STATE);
        Shell.Result installed = dpkg("-i", DEB.toString());
        assertThat(installed.exit()).as(installed.out() + installed.err()).isZero();
    }

    @AfterAll
    static void purge() throws Exception {
        dpkg("--purge", "hostbridge");
        Files.deleteIfExists(MARKER);
        if (!stateExisted) {
            try {
                Files.deleteIfExists(STATE);
            } catch (DirectoryNotEmptyException e) {
                // something else wrote there meanwhile: not this test's to remove
            }
        }
    }

    @Test
    @Order(1)
    void theArchiveNamesItselfItsConffileAndWhatItNeeds() throws Exception {
        Shell.Result fields = Shell.run(List.of("dpkg-deb", "--field", DEB.toString(), "Package", "Version",
                "Architecture", "Depends"), 30);
        assertThat(fields.out()).as(fields.err()).contains("Package: hostbridge\n", "Version: 0.1.0~SNAPSHOT\n",
                "Architecture: all\n");
        assertThat(fields.out().replaceAll("(?s).*Depends: ", "").trim().split(", "))
                .contains("openjdk-17-jre-headless | java17-runtime-headless", "libvirt0", "qemu-utils", "curl");
        Shell.Result conffiles = Shell.run(List.of("dpkg-deb", "--info", DEB.toString(), "conffiles"), 30);
        assertThat(conffiles.out()).as(conffiles.err()).isEqualTo(CONFFILE + "\n");
    }

    @Test
    @Order(2)
    void theArchiveHoldsTheDistributionItsCommandTheConffileAndTheUnitAndNoState() throws Exception {
        Map<String, String> contents = contents();
        assertThat(contents).containsEntry("./usr/share/hostbridge/bin/hostbridge", "-rwxr-xr-x root/root")
                .containsEntry("./usr/share/hostbridge/conf/hostbridge-defaults.yaml", "-rw-r--r-- root/root")
                .containsEntry("./usr/bin/hostbridge -> ../share/hostbridge/bin/hostbridge", "lrw-r--r-- root/root")
                .containsEntry("./etc/hostbridge/hostbridge.yaml", "-rw------- root/root")
                .containsEntry("./lib/systemd/system/hostbridge.service", "-rw-r--r-- root/root")
                .containsEntry("./usr/libexec/hostbridge/wait-ready", "-rwxr-xr-x root/root");
        assertThat(contents).containsEntry("./usr/share/hostbridge/bin/hbsh", "-rwxr-xr-x root/root")
                .containsEntry("./usr/bin/hbsh -> ../share/hostbridge/bin/hbsh", "lrw-r--r-- root/root");
        try (Stream<Path> jars = Files.walk(DIST.resolve("lib")).filter(p -> !p.equals(DIST.resolve("lib")))) {
            List<String> expected = jars.map(j -> "./usr/share/hostbridge/lib/" + DIST.resolve("lib").relativize(j)
                    + (Files.isDirectory(j) ? "/" : "")).sorted().toList();
            assertThat(contents.keySet().stream().filter(p -> p.matches("\\./usr/share/hostbridge/lib/.+")))
                    .as("the distribution's lib/").containsExactlyElementsOf(expected);
        }
        assertThat(contents.keySet()).as("the state directory is the agent's, not the package's")
                .noneMatch(p -> p.startsWith("./var/"));
    }

    @Test
    @Order(3)
    void theInstallMadeTheSocketGroupAndTheStateDirectoryAndStartedNoAgent() throws Exception {
        assertThat(Shell.run(List.of("getent", "group", "hostbridge"), 10).exit()).isZero();
        assertThat(STATE).isDirectory();
        if (!stateExisted) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(STATE))).isEqualTo("rwx------");
        }
        Shell.Result agents = Shell.run(List.of("pgrep", "-f", "/usr/share/hostbridge/lib/"), 10);
        assertThat(agents.exit()).as("no agent runs from the package: " + agents.out()).isEqualTo(1);
    }

    /** Each program of the distribution's bin/ is a command in /usr/bin: hostbridge and hbsh. */
    @Test
    @Order(4)
    void everyProgramOfTheDistributionIsACommand() throws Exception {
        try (Stream<Path> programs = Files.list(Path.of("/usr/share/hostbridge/bin"))) {
            for (Path program : programs.toList()) {
                Path command = Path.of("/usr/bin").resolve(program.getFileName());
                assertThat(command).as(command + " links to " + program).isSymbolicLink();
                assertThat(command.toRealPath()).isEqualTo(program.toRealPath());
            }
        }
        Shell.Result version = Shell.run(List.of("/usr/bin/hostbridge", "--version"), 60);
        assertThat(version.out()).as(version.err()).contains("0.1.0-SNAPSHOT");
        assertThat(Path.of("/usr/bin/hbsh")).isSymbolicLink();
        Shell.Result shell = Shell.run(List.of("/usr/bin/hbsh", "--version"), 60);
        assertThat(shell.out()).as(shell.err()).isEqualTo("hbsh 0.1.0-SNAPSHOT\n");
    }

    @Test
    @Order(5)
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        Shell.Result verify = Shell.run(List.of("systemd-analyze", "verify", UNIT.toString()), 60);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out() + verify.err()).as("no warnings either").isEmpty();
        Map<String, List<String>> service = service();
        assertThat(service).containsEntry("Type", List.of("exec")).containsEntry("Restart", List.of("on-failure"))
                .doesNotContainKey("User");
    }

    /** Commented defaults, but for the socket's group: the package's group may use the local socket. */
    @Test
    @Order(6)
    void theConffileChangesNothingButTheSocketsGroup() throws Exception {
        JsonNode settings = new ObjectMapper(new YAMLFactory()).readTree(CONFFILE.toFile());
        assertThat(settings.toString()).isEqualTo("{\"http\":{\"socketGroup\":\"hostbridge\"}}");
    }

    @Test
    @Order(7)
    void theAgentStartsAsTheUnitSaysServesOnItsSocketAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Map<String, List<String>> service = service();
        Map<String, String> env = new HashMap<>();
        env.put("HOSTBRIDGE_HOST_STATE_DIR", dir.resolve("state").toString());
        env.put("HOSTBRIDGE_HOST_RUN_DIR", dir.resolve("run").toString());
        env.put("HOSTBRIDGE_HTTP_PORT", "0");
        env.put("HOSTBRIDGE_IMAGEIO_PORT", "0");
        env.put("HOSTBRIDGE_BROKER_PORT", Integer.toString(ConformanceClients.freePort()));
        // systemd makes the unit's CacheDirectory and names it to the service
        assertThat(service.get("CacheDirectory")).as("CacheDirectory").containsExactly("hostbridge");
        Path cache = Path.of("/var/cache/hostbridge");
        env.put("CACHE_DIRECTORY", cache.toString());
        ProcessBuilder start = new ProcessBuilder(command(service, "ExecStart"))
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
        start.environment().putAll(env);
        Process agent = start.start();
        Path socket = dir.resolve("run/api.sock");
        try {
            env.put("MAINPID", Long.toString(agent.pid())); // systemd gives ExecStartPost the main process's id
            Shell.Result ready = Shell.run(command(service, "ExecStartPost"), env, 120);
            assertThat(ready.exit()).as(ready.err() + Files.readString(dir.resolve("stderr.log"))).isZero();

            PosixFileAttributes attributes = Files.readAttributes(socket, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertThat(attributes.group().getName()).as("the conffile's socket group").isEqualTo("hostbridge");
            assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-rw----");
            String[] health = {""};
            try {
                Poll.until(Duration.ofSeconds(60), "every health check passes", () -> {
                    health[0] = curl(socket, "/api/v1/health").out();
                    return health[0].startsWith("{\"healthy\":true") ? health : null;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + health[0] + "\n" + Files.readString(dir.resolve("stderr.log")), e);
            }
            Shell.Result capabilities = curl(socket, "/api/v1/host/capabilities");
            assertThat(Http.JSON.readTree(capabilities.out()).path("hostId").asText())
                    .as(capabilities.out() + capabilities.err())
                    .isEqualTo(Files.readString(dir.resolve("state/host-id")).trim());
            for (String file : List.of("ca.pem", "ca-key.pem", "host.pem", "host-key.pem")) {
                assertThat(dir.resolve("state/pki").resolve(file)).as("the PKI, made on first start").isRegularFile();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/pki/host-key.pem"))))
                    .isEqualTo("rw-------");
            // the installed shell, on the agent's socket, its schema cache in the temporary directory
            Shell.Result hbsh = Shell.run(List.of("/usr/bin/hbsh", "--socket", socket.toString(), "Host",
                    "getCapabilities"), Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), 60);
            assertThat(Http.JSON.readTree(hbsh.out()).path("hostId").asText()).as(hbsh.out() + hbsh.err())
                    .isEqualTo(Files.readString(dir.resolve("state/host-id")).trim());
            // docs/packaging.md's client certificate, from the installed command and the unit's configuration
            Shell.Result issued = Shell.run(List.of("/usr/bin/hostbridge", "--config", CONFFILE.toString(), "cert",
                    "issue", "--name", "ops", "--access", "read", "--out", dir.resolve("certs").toString()), env, 60);
            assertThat(issued.exit()).as(issued.err()).isZero();
            assertThat(issued.out()).contains("CN=ops", "read access");
        } finally {
            agent.destroy(); // SIGTERM, systemd's KillSignal
        }
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("stops within TimeoutStopSec").isTrue();
        assertThat(agent.exitValue()).as("a clean stop is a success, not a failure to restart on").isZero();
        assertThat(Files.readString(dir.resolve("stdout.log"))).contains("ready in");
        try (var files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the class-data archive the first run recorded when it stopped").anyMatch(f -> f.endsWith(".part"));
        }
    }

    /** The readiness check can fail: no answer by its deadline, or an agent that ended. */
    @Test
    @Order(8)
    void theReadinessCheckGivesUpOnASilentSocketAndADeadAgent(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("HOSTBRIDGE_HOST_RUN_DIR", dir.toString());
        Shell.Result silent = Shell.run(List.of("/usr/libexec/hostbridge/wait-ready", "1"), env, 30);
        assertThat(silent.exit()).isEqualTo(1);
        assertThat(silent.err()).contains("no answer on " + dir.resolve("api.sock") + " within 1 s");

        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Shell.Result dead = Shell.run(List.of("/usr/libexec/hostbridge/wait-ready", "600"),
                Map.of("HOSTBRIDGE_HOST_RUN_DIR", dir.toString(), "MAINPID", Long.toString(ended.pid())), 30);
        assertThat(dead.exit()).isEqualTo(1);
        assertThat(dead.err()).contains("the agent (pid " + ended.pid() + ") ended");
    }

    /** Installing again (as an upgrade does) keeps what the operator changed in the conffile. */
    @Test
    @Order(9)
    void anUpgradeKeepsTheOperatorsConfiguration() throws Exception {
        String changed = Files.readString(CONFFILE) + "vm:\n  libvirtUri: qemu:///system\n";
        Files.writeString(CONFFILE, changed);
        Shell.Result again = dpkg("-i", DEB.toString());
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(CONFFILE).hasContent(changed);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(CONFFILE))).isEqualTo("rw-------");
    }

    @Test
    @Order(10)
    void purgeRemovesEverythingButTheStateDirectory() throws Exception {
        Files.writeString(MARKER, "the agent's state\n");
        Shell.Result purged = dpkg("--purge", "hostbridge");
        assertThat(purged.exit()).as(purged.out() + purged.err()).isZero();
        for (String gone : List.of("/usr/share/hostbridge", "/usr/bin/hostbridge", "/etc/hostbridge",
                "/usr/libexec/hostbridge", UNIT.toString(), "/usr/share/doc/hostbridge", "/var/cache/hostbridge")) {
            assertThat(Path.of(gone)).as(gone).doesNotExist();
        }
        assertThat(Shell.run(List.of("getent", "group", "hostbridge"), 10).exit()).as("the group").isEqualTo(2);
        Shell.Result status = Shell.run(List.of("dpkg-query", "-W", "-f", "${db:Status-Status}", "hostbridge"), 10);
        assertThat(status.out()).isIn("not-installed", "");
        assertThat(MARKER).as("the state directory stays").hasContent("the agent's state");
    }

    /** dpkg, waiting while apt or another dpkg (another test run, prereqs) holds its lock. */
    private static Shell.Result dpkg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        command.addAll(List.of(args));
        return Poll.until(Duration.ofSeconds(120), "dpkg's lock", () -> {
            Shell.Result r = Shell.run(command, 120);
            return r.err().contains("locked by another process") ? null : r;
        });
    }

    /** dpkg-deb --contents as path (with a link's target) to mode and owner. */
    private static Map<String, String> contents() throws Exception {
        Shell.Result listed = Shell.run(List.of("dpkg-deb", "--contents", DEB.toString()), 60);
        assertThat(listed.exit()).as(listed.err()).isZero();
        Map<String, String> contents = new TreeMap<>();
        for (String line : listed.out().split("\n")) {
            String[] f = line.split(" +", 6); // mode owner size date time path
            contents.put(f[5], f[0] + " " + f[1]);
        }
        return contents;
    }

    /** The installed unit's [Service] section, key to values in order. */
    private static Map<String, List<String>> service() throws IOException {
        Map<String, List<String>> service = new HashMap<>();
        String section = "";
        for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
            if (line.startsWith("[")) {
                section = line;
            } else if (section.equals("[Service]") && line.contains("=") && !line.startsWith("#")) {
                service.computeIfAbsent(line.substring(0, line.indexOf('=')), k -> new ArrayList<>())
                        .add(line.substring(line.indexOf('=') + 1));
            }
        }
        return service;
    }

    /** A command line of the unit, which uses neither quotes nor systemd's prefixes (-, @, +, !). */
    private static List<String> command(Map<String, List<String>> service, String key) {
        assertThat(service.get(key)).as(key).hasSize(1);
        List<String> words = List.of(service.get(key).get(0).split(" +"));
        assertThat(words.get(0)).as(key + " starts with an absolute path").startsWith("/");
        return words;
    }

    private static Shell.Result curl(Path socket, String path) throws Exception {
        return Shell.run(List.of("curl", "-sS", "--unix-socket", socket.toString(), "http://localhost" + path), 30);
    }
}
