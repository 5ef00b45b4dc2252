package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.bridge.stream.MemoryStreamClient;
import io.hostbridge.bridge.stream.StreamPacket;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM.screenshot, and VM.openConsole where libvirt has no consoles, on libvirt's test driver (which takes
 * screenshots: a fixed PNG), through the bridge with the caller played in memory.
 */
@Timeout(60)
class VmScreenshotTest {
    @TempDir
    Path stateDir;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private CoreAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new CoreAgent(stateDir);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private String createUp() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        agent.call("VM.create", Map.of("vmID", id, "vmParams", VmLifecycleTest.params("shot-" + id.substring(0, 8))));
        agent.awaitStatus(id, "Up");
        return id;
    }

    private BridgeException refused(String verb, Map<String, ?> params) {
        try {
            agent.stream(verb, params);
        } catch (BridgeException e) {
            return e;
        }
        throw new AssertionError(verb + " succeeded; expected a refusal");
    }

    @Test
    void aScreenshotIsAPngImageFollowedByTheEndOfDataAndTheOkHandshake() throws Exception {
        String vm = createUp();
        MemoryStreamClient caller = agent.stream("VM.screenshot", Map.of("vmID", vm));

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (StreamPacket p = caller.next(WAIT); !p.isEndOfData(); p = caller.next(WAIT)) {
            assertThat(p.status()).as(p + ": " + p.message()).isEqualTo(StreamPacket.Status.CONTINUE);
            assertThat(p.size()).isLessThanOrEqualTo(256 * 1024);
            byte[] bytes = new byte[p.size()];
            p.data().get(bytes);
            received.write(bytes);
        }
        byte[] png = received.toByteArray();
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isPositive();
        assertThat(image.getHeight()).isPositive();
        caller.ok();
        assertThat(caller.next(WAIT).status()).isEqualTo(StreamPacket.Status.OK);
        assertThat(caller.awaitClosed(WAIT)).isTrue();
    }

    @Test
    void aVmThatIsUnknownOrDownHasNoScreen() throws Exception {
        assertThat(refused("VM.screenshot", Map.of("vmID", UUID.randomUUID().toString())).code()).isEqualTo(1);
        String vm = createUp();
        agent.call("VM.shutdown", Map.of("vmID", vm));
        agent.awaitStatus(vm, "Down");
        BridgeException down = refused("VM.screenshot", Map.of("vmID", vm));
        assertThat(down.code()).isEqualTo(6);
        assertThat(down.getMessage()).isEqualTo("VM " + vm + " is down");
    }

    @Test
    void aLibvirtDriverWithoutConsolesGetsAClearRefusal() throws Exception {
        String vm = createUp();
        BridgeException refused = refused("VM.openConsole", Map.of("vmID", vm));
        assertThat(refused.code()).isEqualTo(100);
        assertThat(refused.getMessage()).isEqualTo("This host's libvirt driver has no consoles");
        // the refusal took nothing: a second opener is refused the same way, not as busy
        assertThat(refused("VM.openConsole", Map.of("vmID", vm)).code()).isEqualTo(100);
    }
}
