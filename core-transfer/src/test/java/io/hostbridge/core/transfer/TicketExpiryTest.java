package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.api.transfer.TransferSession;
import io.hostbridge.core.Poll;
import io.hostbridge.events.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An expired ticket is reaped within a bounded time, as Host.remove_image_ticket would remove it: its qemu-nbd
 * stops, its volume is no longer in use, and transfer.expired is published. A ticket with an operation in progress
 * does not expire. Real qcow2 volumes, real qemu-nbd.
 */
@Timeout(60)
class TicketExpiryTest {
    private static final long MIB = 1 << 20;
    /** Timeout 1 s, a sweep every second, and slack for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(6);

    @TempDir
    Path stateDir;
    @TempDir
    Path domains;
    private TransferAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new TransferAgent(stateDir, domains);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private String add(Map<String, String> volume, long timeout, String transferId) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("uuid", id);
        t.put("size", MIB);
        t.put("ops", List.of("read", "write"));
        t.put("timeout", timeout);
        t.put("transfer_id", transferId);
        t.put("storagedomainID", volume.get("storagedomainID"));
        t.put("imageID", volume.get("imageID"));
        t.put("volumeID", volume.get("volumeID"));
        agent.call("Host.add_image_ticket", Map.of("ticket", t));
        return id;
    }

    private static Map<String, String> ids(Map<String, String> volume) {
        return Map.of("storagedomainID", volume.get("storagedomainID"), "imageID", volume.get("imageID"),
                "volumeID", volume.get("volumeID"));
    }

    /** This JVM's qemu-nbd children serving {@code file}. */
    private static List<ProcessHandle> qemuNbdServing(String file) {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .filter(c -> c.contains("qemu-nbd") && c.contains(file)).isPresent()).toList();
    }

    @Test
    void anExpiredTicketIsReapedItsQemuNbdStoppedAndItsVolumeFreed() throws Exception {
        Map<String, String> volume = agent.volume("COW", MIB);
        String id = add(volume, 1, "expiring-1");
        assertThat(qemuNbdServing(volume.get("path"))).hasSize(1);
        assertThat(agent.error("Volume.delete", ids(volume)).code()).isEqualTo(203);

        Event expired = agent.await("transfer.expired", BOUND);
        assertThat(expired.subject()).isEqualTo("expiring-1");
        assertThat(expired.toString()).doesNotContain(id);
        assertThat(agent.error("Host.get_image_ticket", Map.of("uuid", id)).code()).isEqualTo(5100);
        Poll.until(Duration.ofSeconds(5), () -> qemuNbdServing(volume.get("path")), List::isEmpty, "qemu-nbd gone");
        agent.call("Volume.delete", ids(volume));
    }

    @Test
    void aTicketWithAnOperationInProgressDoesNotExpireAndExpiresAfterIt() throws Exception {
        Map<String, String> volume = agent.volume("COW", MIB);
        String id = add(volume, 1, "busy-1");
        try (TransferSession session = agent.transfers().attach(id, () -> { });
             TransferOperation op = session.begin(TicketOp.READ)) {
            Thread.sleep(3000); // three sweeps past its timeout
            assertThat(agent.events()).extracting(Event::topic).doesNotContain("transfer.expired");
            assertThat(((Map<?, ?>) agent.call("Host.get_image_ticket", Map.of("uuid", id))).get("active"))
                    .isEqualTo(true);
        }
        assertThat(agent.await("transfer.expired", BOUND).subject()).isEqualTo("busy-1");
        assertThat(agent.error("Host.get_image_ticket", Map.of("uuid", id)).code()).isEqualTo(5100);
    }

    @Test
    void aTicketExtendedInTimeLivesOn() throws Exception {
        Map<String, String> volume = agent.volume("RAW", MIB);
        String id = add(volume, 2, "extended-1");
        agent.call("Host.extend_image_ticket", Map.of("uuid", id, "timeout", 300));
        Thread.sleep(3500);
        assertThat(agent.events()).extracting(Event::topic).doesNotContain("transfer.expired");
        assertThat(agent.call("Host.get_image_ticket", Map.of("uuid", id))).isNotNull();
        agent.call("Host.remove_image_ticket", Map.of("uuid", id));
    }
}
