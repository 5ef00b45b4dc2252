package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built distribution as an operator runs it: bin/hostbridge, its banner, SIGTERM, config errors. */
class DistributionTest {
    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
    private static final Pattern REST = Pattern.compile("REST +https://127\\.0\\.0\\.1:(\\d+)/api/v1");

    static Path launcher() {
        Path target = Path.of(System.getProperty("hostbridge.repo"), "packaging/target");
        Path bin = target.resolve("hostbridge-0.1.0-SNAPSHOT/hostbridge-0.1.0-SNAPSHOT/bin/hostbridge");
        assertThat(bin).as("the distribution is built by 'mvn package' in packaging/").isExecutable();
        return bin;
    }

    private static ProcessBuilder agent(Path dir, String... args) {
        return agent(launcher(), dir, args);
    }

    private static ProcessBuilder agent(Path launcher, Path dir, String... args) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(launcher.toString());
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOSTBRIDGE_HTTP_PORT", "0");
        pb.environment().put("HOSTBRIDGE_IMAGEIO_PORT", "0");
        try {
            pb.environment().put("HOSTBRIDGE_BROKER_PORT", Integer.toString(ConformanceClients.freePort()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        pb.environment().put("HOSTBRIDGE_HOST_STATE_DIR", dir.resolve("state").toString());
        pb.environment().put("HOSTBRIDGE_HOST_RUN_DIR", dir.resolve("run").toString());
        // no class-data archive in root's /var/cache from the tests (classDataArchive... tries it in a temporary one)
        pb.environment().put("HOSTBRIDGE_CDS_DIR", "off");
        return pb;
    }

    /**
     * README's quick start, on the secure defaults: the banner shows the TLS endpoints and the unix socket; root's
     * curl through the socket is served; a client certificate from 'bin/hostbridge cert issue' is served over TLS;
     * SIGTERM stops it cleanly.
     */
    @Test
    void startsPrintsItsEndpointsServesLocallyAndOverTlsAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Process p = agent(dir).redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertThat(banner).as(Files.readString(dir.resolve("stderr.log"))).isNotNull();
            Matcher ready = READY.matcher(banner);
            assertThat(ready.find()).as(banner).isTrue();
            int port = -1;
            String socket = null;
            for (String line = out.readLine(); line != null && (port < 0 || socket == null); line = out.readLine()) {
                Matcher m = REST.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (line.contains("local    unix socket ")) {
                    socket = line.replaceAll(".*unix socket (\\S+).*", "$1");
                }
            }
            assertThat(port).isPositive();
            assertThat(socket).isEqualTo(dir.resolve("run/api.sock").toString());
            Shell.Result local = Shell.run(java.util.List.of("curl", "-sS", "--unix-socket", socket, "-X", "POST",
                    "http://localhost/api/v1/rpc/Host.ping2"), 30);
            assertThat(local.out()).as(local.err()).isEqualTo("true");

            Shell.Result issued = runToEnd(agent(dir, "cert", "issue", "--name", "ops", "--access", "read", "--out",
                    dir.resolve("certs").toString()));
            assertThat(issued.exit()).as(issued.err()).isZero();
            assertThat(issued.out()).contains("CN=ops", "read access");
            Shell.Result tls = Shell.run(java.util.List.of("curl", "-sS", "--cacert", dir.resolve("certs/ca.pem").toString(),
                    "--cert", dir.resolve("certs/ops.pem").toString(), "--key", dir.resolve("certs/ops-key.pem").toString(),
                    "https://localhost:" + port + "/api/v1/host/capabilities"), 30);
            assertThat(tls.out()).as(tls.err()).contains("\"hostId\"");
            // the AMQP agent logs in to the embedded broker's AMQPS listener with the host certificate
            String api = socket;
            Poll.until(Duration.ofSeconds(20), "the AMQP agent connected", () -> {
                Shell.Result health = Shell.run(java.util.List.of("curl", "-sS", "--unix-socket", api, "-X", "POST",
                        "http://localhost/api/v1/rpc/Host.getHealth"), 30);
                return Http.JSON.readTree(health.out()).at("/checks/amqp/healthy").asBoolean() ? health : null;
            });
        } finally {
            p.destroy(); // SIGTERM
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops within 20 s of SIGTERM").isTrue();
        assertThat(p.exitValue()).as("a clean stop exits 0 (make run then reports no error)").isZero();
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("stopping", "stopped")
                .doesNotContain("Exception");
    }

    @Test
    void ctrlCStopsItCleanlyToo(@TempDir Path dir) throws Exception {
        Process p = agent(dir).redirectError(dir.resolve("stderr.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as(Files.readString(dir.resolve("stderr.log"))).contains("ready in");
        assertThat(Shell.run(java.util.List.of("kill", "-INT", Long.toString(p.pid())), 10).exit()).isZero();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops within 20 s of SIGINT").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("stopped").doesNotContain("Exception");
    }

    @Test
    void aConfigurationErrorNamesTheKeyAndExits2(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "http:\n  prot: 1\n");
        Shell.Result r = runToEnd(agent(dir, "--config", config.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown configuration key 'http.prot'").contains("http.port");

        ProcessBuilder wrongType = agent(dir);
        wrongType.environment().put("HOSTBRIDGE_HTTP_PORT", "eighty");
        Shell.Result r2 = runToEnd(wrongType);
        assertThat(r2.exit()).isEqualTo(2);
        assertThat(r2.err()).contains("http.port").contains("HOSTBRIDGE_HTTP_PORT").contains("eighty");
    }

    /**
     * The launcher's class-data archive: the first run records it when it stops, the next starts from it (the JVM
     * then loads the agent's classes from the archive, not from the jars); an archive in a directory other users may
     * write to is not used, as the JVM would run what it holds.
     */
    @Test
    void classDataArchiveRecordedByTheFirstRunIsUsedByTheNextUnlessOthersCanWriteIt(@TempDir Path dir)
            throws Exception {
        Path cache = dir.resolve("cds");
        String opts = "-Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto -Xlog:class+load=info:file=" + dir
                + "/classes-%p.txt";
        String first = runAndStop(dir, cache, opts);
        assertThat(first).as("the first run, from the jars").contains(" io.hostbridge.agent.Main source: file:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
        assertThat(names(cache)).as("recorded when it stopped").singleElement().asString().endsWith(".part");
        // and one torn by a kill while it was written
        String part = names(cache).get(0);
        byte[] whole = Files.readAllBytes(cache.resolve(part));
        Path torn = cache.resolve(part.substring(0, part.indexOf('.')) + ".1.part");
        Files.write(torn, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.setPosixFilePermissions(torn, PosixFilePermissions.fromString("r--r--r--"));

        String second = runAndStop(dir, cache, opts);
        assertThat(second).as("the next run, from the archive")
                .contains(" io.hostbridge.agent.Main source: shared objects file (top)");
        assertThat(names(cache)).as("checked and put in place; the torn one gone").singleElement().asString()
                .endsWith(".jsa");
        assertThat(names(dir)).as("no JVM error report from checking the torn one").noneMatch(f -> f.startsWith("hs_err"));

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        String third = runAndStop(dir, cache, opts);
        assertThat(third).as("a directory anyone may write to").contains(" io.hostbridge.agent.Main source: file:");
    }

    /**
     * A changed agent jar of the same size and time (the build is reproducible: every jar has the same time; the JVM
     * checks only size and time) does not run from the archive of the jar before: the launcher knows the agent's
     * jars by content, and records a new archive.
     */
    @Test
    void aChangedAgentJarOfTheSameSizeAndTimeIsNotRunFromTheOldArchive(@TempDir Path dir) throws Exception {
        Path dist = dir.resolve("dist");
        Path from = launcher().getParent().getParent();
        for (String sub : java.util.List.of("bin", "lib")) {
            Files.createDirectories(dist.resolve(sub));
            try (var files = Files.list(from.resolve(sub))) {
                for (Path f : files.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toList())) {
                    Files.copy(f, dist.resolve(sub).resolve(f.getFileName()),
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path launcher = dist.resolve("bin/hostbridge");
        Path cache = dir.resolve("cds");
        String opts = "-Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto -Xlog:class+load=info:file=" + dir
                + "/classes-%p.txt";
        runAndStop(launcher, dir, cache, opts);
        assertThat(runAndStop(launcher, dir, cache, opts)).as("the archive in use")
                .contains(" io.hostbridge.agent.Main source: shared objects file (top)");

        // the first entry's time in its local header: nothing reads it (readers take the central directory's)
        Path jar;
        try (var files = Files.list(dist.resolve("lib"))) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("hostbridge-agent-")).findFirst()
                    .orElseThrow();
        }
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(jar);
        byte[] bytes = Files.readAllBytes(jar);
        assertThat(bytes[0]).isEqualTo((byte) 'P');
        bytes[10] ^= 1;
        Files.write(jar, bytes);
        Files.setLastModifiedTime(jar, time);

        assertThat(runAndStop(launcher, dir, cache, opts)).as("the changed jar, not the old archive")
                .contains(" io.hostbridge.agent.Main source: file:");
        assertThat(names(cache)).as("a new archive recorded beside the old one").hasSize(2)
                .anyMatch(f -> f.endsWith(".part")).anyMatch(f -> f.endsWith(".jsa"));
    }

    /** Starts the agent with {@code JAVA_OPTS} and its archive in {@code cache}, stops it; its class loading log. */
    private static String runAndStop(Path dir, Path cache, String opts) throws Exception {
        return runAndStop(launcher(), dir, cache, opts);
    }

    private static String runAndStop(Path launcher, Path dir, Path cache, String opts) throws Exception {
        ProcessBuilder pb = agent(launcher, dir).redirectError(dir.resolve("stderr.log").toFile())
                .directory(dir.toFile());
        pb.environment().put("HOSTBRIDGE_CDS_DIR", cache.toString());
        pb.environment().put("JAVA_OPTS", opts);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as(Files.readString(dir.resolve("stderr.log"))).contains("ready in");
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.readString(dir.resolve("classes-" + p.pid() + ".txt"));
    }

    private static java.util.List<String> names(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toList());
        }
    }

    private static Shell.Result runToEnd(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Shell.Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
