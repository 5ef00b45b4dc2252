package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.api.transfer.TransferSession;
import io.hostbridge.events.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
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
 * A ticket's id is the bearer secret of its data URL: transfer.* events name the transfer (its transfer_id, or a
 * stand-in derived from the id by a one-way hash), "in use" errors that other callers see name it the same way, and
 * no log line carries the id (DEBUG lines carry a masked prefix at most).
 */
@Timeout(60)
class TicketSecrecyTest {
    private static final long MIB = 1 << 20;

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

    private Map<String, Object> ticket(String id, Map<String, String> volume, String transferId) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("uuid", id);
        t.put("size", MIB);
        t.put("ops", List.of("read", "write"));
        t.put("timeout", 300);
        if (transferId != null) {
            t.put("transfer_id", transferId);
        }
        t.put("storagedomainID", volume.get("storagedomainID"));
        t.put("imageID", volume.get("imageID"));
        t.put("volumeID", volume.get("volumeID"));
        return t;
    }

    /** Adds a ticket, writes through it as the data server would, removes it. */
    private void transfer(String id, Map<String, String> volume, String transferId) {
        agent.call("Host.add_image_ticket", Map.of("ticket", ticket(id, volume, transferId)));
        try (TransferSession session = agent.transfers().attach(id, () -> { });
             TransferOperation op = session.begin(TicketOp.WRITE)) {
            op.write(0, ByteBuffer.wrap(new byte[4096]));
        }
        agent.call("Host.remove_image_ticket", Map.of("uuid", id));
    }

    @Test
    void transferEventsNameTheTransferNeverTheTicket() throws Exception {
        String id = UUID.randomUUID().toString();
        transfer(id, agent.volume("RAW", MIB), "backup-42");

        List<Event> events = agent.events();
        assertThat(events).extracting(Event::topic)
                .containsExactly("transfer.started", "transfer.progress", "transfer.finished");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo("backup-42");
            assertThat(((Map<?, ?>) e.payload()).get("transfer_id")).isEqualTo("backup-42");
            assertThat(e.toString()).doesNotContain(id);
        });
    }

    @Test
    void aTicketWithoutTransferIdIsNamedByAOneWayHashOfItsId() throws Exception {
        String id = UUID.randomUUID().toString();
        transfer(id, agent.volume("RAW", MIB), null);

        String standIn = "ticket-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(id.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        List<Event> events = agent.events();
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(standIn);
            assertThat(e.toString()).doesNotContain(id);
        });
    }

    @Test
    void anotherCallerToldTheVolumeIsInUseLearnsTheTransferNotTheTicket() {
        String id = UUID.randomUUID().toString();
        Map<String, String> volume = agent.volume("RAW", MIB);
        agent.call("Host.add_image_ticket", Map.of("ticket", ticket(id, volume, "backup-7")));
        BridgeException busy = agent.error("Volume.delete", Map.of("storagedomainID", volume.get("storagedomainID"),
                "imageID", volume.get("imageID"), "volumeID", volume.get("volumeID")));
        assertThat(busy.code()).isEqualTo(203);
        assertThat(busy.getMessage()).contains("backup-7").doesNotContain(id);
        agent.call("Host.remove_image_ticket", Map.of("uuid", id));
    }

    @Test
    void noLogLineCarriesTheTicketIdAndDebugLinesMaskIt() {
        String id = UUID.randomUUID().toString();
        Map<String, String> volume = agent.volume("RAW", MIB);
        try (LogLines log = new LogLines()) {
            transfer(id, volume, "backup-43");
            // what else names the ticket: a second add, a look-up and a data request after its removal
            agent.call("Host.add_image_ticket", Map.of("ticket", ticket(id, volume, "backup-43")));
            assertThat(agent.error("Host.add_image_ticket", Map.of("ticket", ticket(id, volume, "x"))).code())
                    .isEqualTo(5101);
            agent.call("Host.remove_image_ticket", Map.of("uuid", id));
            agent.call("Host.remove_image_ticket", Map.of("uuid", id));
            assertThat(agent.error("Host.get_image_ticket", Map.of("uuid", id)).code()).isEqualTo(5100);
            assertThat(catchThrowable(() -> agent.transfers().attach(id, () -> { }))).isNotNull();

            assertThat(log.atLeast(Level.DEBUG)).as("the agent logged at DEBUG").isNotEmpty()
                    .noneSatisfy(line -> assertThat(line).contains(id));
            assertThat(log.atLeast(Level.INFO)).noneSatisfy(line -> assertThat(line).contains(id.substring(0, 8)));
        }
    }
}
