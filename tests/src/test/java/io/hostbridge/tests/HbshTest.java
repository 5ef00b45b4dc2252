package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hbsh, the host shell, as users run it: the distribution's bin/hbsh as a process against a real agent's unix socket,
 * its output through a pipe (JSON) and through a pseudo-terminal ({@code script}: YAML and tables), its exit codes,
 * help and completion from the schema, and events followed as they happen.
 */
class HbshTest {
    private static final Path HBSH = Path.of(System.getProperty("hostbridge.repo"),
            "packaging/target/hostbridge-0.1.0-SNAPSHOT/hostbridge-0.1.0-SNAPSHOT/bin/hbsh");
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();
    private static Path cache;

    @BeforeAll
    static void ownCache() throws Exception {
        assertThat(HBSH).as("the distribution (mvn package)").isExecutable();
        cache = Files.createDirectories(agent.stateDir().resolveSibling("hbsh-cache"));
    }

    /** hbsh on the agent's socket, output through pipes. */
    private static Shell.Result hbsh(String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of(HBSH.toString(), "--socket", agent.socket().toString()));
        command.addAll(List.of(words));
        return Shell.run(command, Map.of("XDG_CACHE_HOME", cache.toString()), 60);
    }

    /** hbsh on a pseudo-terminal, as a person runs it: what the terminal shows. */
    private static Shell.Result onTerminal(String... words) throws Exception {
        StringBuilder line = new StringBuilder(HBSH + " --socket " + agent.socket());
        for (String word : words) {
            line.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        return Shell.run(List.of("script", "-qec", line.toString(), "/dev/null"),
                Map.of("XDG_CACHE_HOME", cache.toString(), "TERM", "dumb"), 60);
    }

    @Test
    void pipedResultsAreJson() throws Exception {
        Shell.Result caps = hbsh("Host", "getCapabilities");
        assertThat(caps.exit()).as(caps.err()).isZero();
        String hostId = Http.get(agent.uri("/api/v1/host/capabilities")).json().get("hostId").asText();
        assertThat(Http.JSON.readTree(caps.out()).get("hostId").asText()).isEqualTo(hostId);
        Shell.Result ping = hbsh("Host", "ping2");
        assertThat(ping.out().strip()).isEqualTo("true");
    }

    @Test
    void aVmFromAFileOfParameters() throws Exception {
        String id = UUID.randomUUID().toString();
        Path params = Files.writeString(cache.resolveSibling("vm-" + id + ".json"),
                "{\"vmName\":\"hbsh-" + id.substring(0, 8) + "\",\"memSize\":256,\"smp\":2}");
        Shell.Result created = hbsh("VM", "create", "--vmID", id, "--vmParams", "@" + params);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(Http.JSON.readTree(created.out()).get("status").asText()).isEqualTo("WaitForLaunch");
        JsonNode info = Poll.until(java.time.Duration.ofSeconds(30), "VM Up", () -> {
            JsonNode vm = Http.JSON.readTree(hbsh("VM", "getInfo", "--vmID", id).out());
            return vm.get("status").asText().equals("Up") ? vm : null;
        });
        assertThat(info.get("smp").asInt()).isEqualTo(2);
        assertThat(Http.JSON.readTree(hbsh("VM", "getStats", "--vmID", id).out()).get(0).get("vmId").asText())
                .isEqualTo(id);
        assertThat(hbsh("VM", "destroy", "--vmID", id).out().strip()).isEqualTo("true");
    }

    @Test
    void exitCodesScriptsCanUse() throws Exception {
        Shell.Result noVm = hbsh("VM", "getInfo", "--vmID", UUID.randomUUID().toString());
        assertThat(noVm.exit()).isEqualTo(1);
        assertThat(noVm.err()).contains("error 1 (noVM)");
        assertThat(noVm.out()).isEmpty();

        Shell.Result refused = hbsh("Host", "getEvents", "--limit", "0");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("error 5002", "limit");

        Shell.Result missing = hbsh("VM", "getInfo");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--vmID", "hbsh help VM getInfo");

        Shell.Result notANumber = hbsh("Host", "getEvents", "--limit", "many");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--limit takes a whole number");

        Shell.Result noSuchVerb = hbsh("VM", "teleport");
        assertThat(noSuchVerb.exit()).isEqualTo(2);

        Shell.Result unreachable = Shell.run(List.of(HBSH.toString(), "--socket", cache.resolve("nothing.sock").toString(),
                "Host", "ping2"), Map.of("XDG_CACHE_HOME", cache.toString()), 60);
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).contains("nothing.sock");
    }

    /** Help comes from the schema: parameters with their types, access, result and errors. */
    @Test
    void helpFromTheSchema() throws Exception {
        Shell.Result help = hbsh("help", "VM", "create");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: hbsh VM create", "--vmID=UUID", "--vmParams=VmParams",
                "Access: write", "Result: VmInfo", "4 exist", "9 createErr");
        Shell.Result namespace = hbsh("help", "Volume");
        assertThat(namespace.out()).contains("create", "getInfo", "extendSize");
        Shell.Result all = hbsh("--help");
        assertThat(all.out()).contains("VM", "StorageDomain", "events", "completion", "Exit codes");
        Shell.Result completion = hbsh("completion");
        assertThat(completion.out()).contains("complete -F", "getCapabilities", "storagedomainID");
    }

    /** On a terminal, an object is YAML and a list of objects a table. */
    @Test
    void aTerminalGetsYamlAndTables() throws Exception {
        Shell.Result caps = onTerminal("Host", "getCapabilities");
        assertThat(caps.exit()).as(caps.out() + caps.err()).isZero();
        assertThat(caps.out()).containsPattern("(?m)^hostId: [0-9a-f-]{36}\\r?$").doesNotContain("{\"hostId\"");

        String id = UUID.randomUUID().toString();
        assertThat(hbsh("VM", "create", "--vmID", id, "--vmParams", "{\"vmName\":\"table-" + id.substring(0, 8)
                + "\",\"memSize\":256}").exit()).isZero();
        Shell.Result table = onTerminal("Host", "getVMFullList", "--vmList", id);
        assertThat(table.out()).containsPattern("(?m)^VMID +VMNAME +STATUS").contains(id, "table-" + id.substring(0, 8));
        Shell.Result json = onTerminal("-o", "json", "Host", "getVMFullList", "--vmList", id);
        assertThat(json.out().strip()).startsWith("[{\"vmId\":\"" + id + "\"");
        hbsh("VM", "destroy", "--vmID", id);
    }

    /** hbsh events follows what happens, one JSON line per event when piped. */
    @Test
    void eventsAreFollowed() throws Exception {
        // from the agent's current sequence number: what happens while hbsh starts is replayed, not missed
        long after = Http.post(agent.uri("/api/v1/rpc/Host.getEvents"), "{\"limit\":1}").json().get("lastSeq").asLong();
        ProcessBuilder builder = new ProcessBuilder(HBSH.toString(), "--socket", agent.socket().toString(), "events",
                "--topics", "vm.status", "--after", Long.toString(after));
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        Process events = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(events.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            String id = UUID.randomUUID().toString();
            assertThat(Http.post(agent.uri("/api/v1/vms"), "{\"vmID\":\"" + id + "\",\"vmParams\":{\"vmName\":\"ev-"
                    + id.substring(0, 8) + "\",\"memSize\":256}}").status()).isEqualTo(200);
            JsonNode seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    JsonNode event = Http.JSON.readTree(line);
                    if (event.path("payload").path("vmId").asText().equals(id)) {
                        seen = event;
                    }
                }
            }
            assertThat(seen).as("a vm.status event of the new VM on hbsh's output").isNotNull();
            assertThat(seen.get("topic").asText()).isEqualTo("vm.status");
            assertThat(seen.get("seq").asLong()).isPositive();
            Http.send(java.net.http.HttpRequest.newBuilder(agent.uri("/api/v1/vms/" + id)).DELETE().build());
        } finally {
            events.destroy();
            assertThat(events.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A 1 GiB sparse image into an empty volume and back, through the data server's unix socket: the agent's checksum
     * of the volume is the local file's, the file that comes back is the same bytes, and only data travels.
     */
    @Test
    void aSparseImageUpAndDown() throws Exception {
        long size = 1L << 30;
        ImageTickets tickets = new ImageTickets(agent);
        Path volume = tickets.rawVolume(size);
        JsonNode ids = ImageTickets.target(volume);
        Path image = cache.resolveSibling("image-" + UUID.randomUUID() + ".raw");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
            java.util.Random random = new java.util.Random(17);
            for (long offset : new long[] {0, 5L << 20, (300L << 20) + 4096, size - (1 << 20)}) {
                byte[] data = new byte[1 << 20];
                random.nextBytes(data);
                file.seek(offset);
                file.write(data);
            }
        }
        List<String> target = List.of("--sd", ids.get("storagedomainID").asText(), "--img", ids.get("imageID").asText(),
                "--vol", ids.get("volumeID").asText());
        List<String> upload = new ArrayList<>(List.of("image", "upload", image.toString()));
        upload.addAll(target);
        Shell.Result up = hbsh(upload.toArray(String[]::new));
        assertThat(up.exit()).as(up.err()).isZero();
        JsonNode sent = Http.JSON.readTree(up.out());
        assertThat(sent.get("size").asLong()).isEqualTo(size);
        assertThat(sent.get("dataBytes").asLong()).as("only the data travels as data").isLessThanOrEqualTo(32L << 20);

        String ticket = tickets.add(volume, size, false);
        JsonNode remote = tickets.json(ticket, "/checksum");
        io.hostbridge.blkhash.BlockHash local = new io.hostbridge.blkhash.BlockHash(remote.get("algorithm").asText(),
                remote.get("block_size").asInt());
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(image)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8 << 20);
            while (in.read(buffer.clear()) > 0) {
                local.update(buffer.flip());
            }
        }
        assertThat(remote.get("checksum").asText()).as("the agent's checksum of the volume").isEqualTo(local.hexdigest());
        tickets.remove(ticket);

        Path back = cache.resolveSibling("back-" + UUID.randomUUID() + ".raw");
        List<String> download = new ArrayList<>(List.of("image", "download", back.toString()));
        download.addAll(target);
        Shell.Result down = hbsh(download.toArray(String[]::new));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(Http.JSON.readTree(down.out()).get("dataBytes").asLong()).isLessThanOrEqualTo(32L << 20);
        assertThat(Files.size(back)).isEqualTo(size);
        assertThat(sha256(back)).isEqualTo(sha256(image));
        String[] blocks = Shell.run(List.of("stat", "-c", "%b %B", back.toString()), 10).out().strip().split(" ");
        long allocated = Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
        assertThat(allocated).as("the downloaded file is sparse").isLessThan(64L << 20);
        // a person sees a progress bar (on standard error, which the terminal shows too)
        Path again = cache.resolveSibling("again-" + UUID.randomUUID() + ".raw");
        List<String> watched = new ArrayList<>(List.of("image", "download", again.toString()));
        watched.addAll(target);
        Shell.Result onTerminal = onTerminal(watched.toArray(String[]::new));
        assertThat(onTerminal.exit()).as(onTerminal.out()).isZero();
        assertThat(onTerminal.out()).contains("download 100%", "1024/1024 MiB", "dataBytes: ");
        Files.delete(image);
        Files.delete(back);
        Files.delete(again);
    }

    private static String sha256(Path file) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8 << 20];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** The schema is kept between runs; a verb the kept copy lacks makes hbsh fetch it again. */
    @Test
    void theSchemaIsCachedAndFetchedAgainForANewVerb() throws Exception {
        assertThat(hbsh("Host", "ping2").exit()).isZero();
        Path copy;
        try (var files = Files.list(cache.resolve("hbsh"))) {
            copy = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode kept = Http.JSON.readTree(copy.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) kept.get("verbs")).remove("Host.getHardwareInfo");
        Files.writeString(copy, kept.toString());
        Shell.Result hardware = hbsh("Host", "getHardwareInfo");
        assertThat(hardware.exit()).as(hardware.err()).isZero();
        assertThat(Http.JSON.readTree(copy.toFile()).get("verbs").has("Host.getHardwareInfo")).isTrue();
    }
}
