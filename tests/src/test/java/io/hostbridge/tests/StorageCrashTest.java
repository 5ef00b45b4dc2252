package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a separate process, killed with SIGKILL in the middle of a copy and started again on the same state:
 * the job is reported failed with the reason, the half-written volume is gone, and qemu-img died with the agent.
 */
class StorageCrashTest {
    private static final Pattern REST = Pattern.compile("REST +http://127\\.0\\.0\\.1:(\\d+)/api/v1");
    @TempDir
    Path dir;

    /** Starts the agent's main class on this test's classpath; returns it and its REST base. */
    private record Agent(Process process, URI base) {
        JsonNode call(String verb, String json) throws Exception {
            return Http.post(base.resolve("/api/v1/rpc/" + verb), json).json();
        }
    }

    private Agent start(String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.hostbridge.agent.Main");
        pb.environment().put("HOSTBRIDGE_HTTP_PORT", "0");
        pb.environment().put("HOSTBRIDGE_AMQP_ENABLED", "false");
        pb.environment().put("HOSTBRIDGE_HOST_STATE_DIR", dir.resolve("state").toString());
        pb.environment().put("HOSTBRIDGE_HOST_RUN_DIR", dir.resolve("run").toString());
        pb.environment().put("HOSTBRIDGE_STORAGE_COPY_RATE_LIMIT", Integer.toString(2 << 20)); // a slow copy
        Process p = pb.redirectError(dir.resolve(name + ".log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = REST.matcher(line);
            if (m.find()) {
                return new Agent(p, URI.create("http://127.0.0.1:" + m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the agent did not start: " + Files.readString(dir.resolve(name + ".log")));
    }

    @Test
    void aCopyCutShortByAKillIsReportedFailedAndLeavesNothingUsable() throws Exception {
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String source = UUID.randomUUID().toString();
        String target = UUID.randomUUID().toString();
        String targetImage = UUID.randomUUID().toString();
        Path typeArgs = Files.createDirectory(dir.resolve("domains"));
        Agent first = start("first");
        String job;
        try {
            first.call("StorageDomain.create", "{\"storagedomainID\":\"" + sd + "\",\"domainType\":\"localfs\","
                    + "\"typeArgs\":\"" + typeArgs + "\",\"name\":\"crash\",\"domainClass\":\"data\"}");
            first.call("Volume.create", "{\"volumeID\":\"" + source + "\",\"storagedomainID\":\"" + sd + "\","
                    + "\"imageID\":\"" + image + "\",\"size\":33554432,\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}");
            String sourcePath = first.call("Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                    + image + "\",\"volumeID\":\"" + source + "\"}").path("path").asText();
            assertThat(Shell.run(List.of("qemu-io", "-f", "raw", "-c", "write -P 0x7e 0 32M", sourcePath), 60).exit())
                    .isZero();
            job = first.call("Volume.copy", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + image + "\","
                    + "\"volumeID\":\"" + source + "\",\"dstSdUUID\":\"" + sd + "\",\"dstImgUUID\":\"" + targetImage
                    + "\",\"dstVolUUID\":\"" + target + "\",\"volFormat\":\"COW\",\"preallocate\":\"SPARSE\"}").asText();
            Instant deadline = Instant.now().plusSeconds(30);
            while (first.call("Job.getStatus", "{\"jobID\":\"" + job + "\"}").path("progress").asDouble() <= 0) {
                assertThat(Instant.now()).as("the copy is under way").isBefore(deadline);
                Thread.sleep(20);
            }
        } finally {
            first.process().destroyForcibly(); // SIGKILL
        }
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(137);
        Instant deadline = Instant.now().plusSeconds(10);
        while (Shell.run(List.of("pgrep", "-f", "qemu-img convert.*" + target), 10).exit() == 0) {
            assertThat(Instant.now()).as("qemu-img dies with the agent").isBefore(deadline);
            Thread.sleep(20);
        }

        Agent second = start("second");
        try {
            JsonNode status = second.call("Job.getStatus", "{\"jobID\":\"" + job + "\"}");
            assertThat(status.path("status").asText()).isEqualTo("failed");
            assertThat(status.path("error").path("message").asText()).contains("Interrupted", "running");
            assertThat(second.call("Task.getStatus", "{\"taskID\":\"" + job + "\"}").path("taskResult").asText())
                    .isEqualTo("failure");
            JsonNode gone = second.call("Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\""
                    + targetImage + "\",\"volumeID\":\"" + target + "\"}");
            assertThat(gone.path("code").asInt()).isEqualTo(201);
            JsonNode stats = second.call("StorageDomain.getStats", "{\"storagedomainID\":\"" + sd + "\"}");
            assertThat(stats.path("volumeCount").asInt()).isEqualTo(1);
            assertThat(stats.path("illegalVolumeCount").asInt()).isZero();
            assertThat(typeArgs.resolve(sd + "/images/" + targetImage)).doesNotExist();
            assertThat(second.call("Volume.getInfo", "{\"storagedomainID\":\"" + sd + "\",\"imageID\":\"" + image
                    + "\",\"volumeID\":\"" + source + "\"}").path("legality").asText()).isEqualTo("LEGAL");
        } finally {
            second.process().destroy();
            second.process().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
