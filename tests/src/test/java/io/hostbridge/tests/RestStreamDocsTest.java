package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python client of docs/rest.md ("Data streams over WebSocket") against a real agent, over its unix socket
 * as the guide does: it downloads a sparse volume into a file (which comes out sparse, and equal), then uploads that
 * file into an empty volume (which comes out equal to the first). Its {@code # expect:} lines must appear in what it
 * prints.
 */
class RestStreamDocsTest {
    private static final Pattern BLOCK = Pattern.compile("## Data streams over WebSocket.*?```python\\n(.*?)```",
            Pattern.DOTALL);
    private static final long MiB = 1 << 20;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension();

    @TempDir
    static Path tmp;

    @Test
    void theGuidesClientDownloadsAndUploadsAVolume() throws Exception {
        Matcher m = BLOCK.matcher(Files.readString(Path.of(System.getProperty("hostbridge.repo"), "docs/rest.md")));
        assertThat(m.find()).as("the guide's Python client").isTrue();
        Path client = Files.writeString(tmp.resolve("volume_stream.py"),
                m.group(1).replace("/run/hostbridge/api.sock", agent.socket().toString()));
        ImageTickets storage = new ImageTickets(agent);
        Path source = storage.rawVolume(64 * MiB, 0, 4 * MiB, 40 * MiB, 41 * MiB);
        Path target = storage.rawVolume(64 * MiB);
        Path file = tmp.resolve("disk.raw");

        String down = run(client, "download", source, file);
        assertThat(Files.mismatch(source, file)).isEqualTo(-1);
        long allocated = 512 * Long.parseLong(Shell.run(List.of("stat", "-c", "%b", file.toString()), 10).out()
                .strip());
        assertThat(allocated).as("the holes stayed holes").isLessThan(16 * MiB);

        String up = run(client, "upload", target, file);
        Shell.Result compare = Shell.run(List.of("qemu-img", "compare", "-f", "raw", "-F", "raw", source.toString(),
                target.toString()), 60);
        assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();
        assertThat(storage.info(target).get("legality").asText()).isEqualTo("LEGAL");

        for (String line : m.group(1).split("\n")) {
            if (line.startsWith("# expect:")) {
                assertThat(down + up).contains(line.substring("# expect:".length()).strip());
            }
        }
    }

    private static String run(Path client, String operation, Path volume, Path file) throws Exception {
        JsonNode ids = ImageTickets.target(volume);
        Shell.Result r = Shell.run(List.of("/usr/bin/python3", client.toString(), operation,
                ids.get("storagedomainID").asText(), ids.get("imageID").asText(), ids.get("volumeID").asText(),
                file.toString()), 120);
        assertThat(r.exit()).as(operation + ": " + r.out() + r.err()).isZero();
        return r.out();
    }
}
