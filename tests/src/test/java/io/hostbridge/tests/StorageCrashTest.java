package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a separate process, killed with SIGKILL in the middle of a copy and started again on the same state:
 * the job is reported failed with the reason, the half-written volume is gone, and qemu-img died with the agent.
 */
class StorageCrashTest {
    @TempDir
    Path dir;

    private AgentProcess start(String name) throws Exception {
        // a slow copy
        return AgentProcess.start(dir, name, Map.of("HOSTBRIDGE_STORAGE_COPY_RATE_LIMIT", Integer.toString(2 << 20)));
    }

    @Test
    void aCopyCutShortByAKillIsReportedFailedAndLeavesNothingUsable() throws Exception {
        String sd = UUID.randomUUID().toString();
        String image = UUID.randomUUID().toString();
        String source = UUID.randomUUID().toString();
        String target = UUID.randomUUID().toString();
        String targetImage = UUID.randomUUID().toString();
        Path typeArgs = Files.createDirectory(dir.resolve("domains"));
        AgentProcess first = start("first");
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

        AgentProcess second = start("second");
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
