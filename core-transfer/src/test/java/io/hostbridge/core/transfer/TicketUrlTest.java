package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.transfer.TicketOp;
import io.hostbridge.api.transfer.TransferOperation;
import io.hostbridge.api.transfer.TransferSession;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ticket's file:// URL may name only the file of a LEGAL raw volume of an active storage domain: never the
 * domain's metadata, a volume's .meta file, or any other file that happens to lie inside the domain.
 */
@Timeout(60)
class TicketUrlTest {
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

    private Object add(String id, Path file) {
        return agent.call("Host.add_image_ticket", Map.of("ticket", Map.of("uuid", id, "size", MIB, "ops",
                List.of("read", "write"), "timeout", 300, "url", file.toUri().toString())));
    }

    private void refused(Path file) {
        BridgeException e = null;
        try {
            add(UUID.randomUUID().toString(), file);
        } catch (BridgeException x) {
            e = x;
        }
        assertThat(e).as(file.toString()).isNotNull();
        assertThat(e.code()).isEqualTo(5002);
        assertThat(e.parameter()).isEqualTo("ticket.url");
    }

    @Test
    void metadataAndOtherFilesInsideADomainAreRefused() throws Exception {
        Path volume = Path.of(agent.volume("RAW", MIB).get("path"));
        Path root = volume.getParent().getParent().getParent();
        refused(root.resolve("dom_md").resolve("metadata"));
        refused(volume.resolveSibling(volume.getFileName() + ".meta"));
        refused(volume.getParent());
        refused(Files.writeString(volume.resolveSibling(UUID.randomUUID().toString()), "not a volume"));
        refused(Files.createSymbolicLink(volume.resolveSibling("link"), Path.of("/etc/passwd")));
    }

    @Test
    void aLegalRawVolumesFileServes() throws Exception {
        Path volume = Path.of(agent.volume("RAW", MIB).get("path"));
        String id = UUID.randomUUID().toString();
        add(id, volume);
        try (TransferSession session = agent.transfers().attach(id, () -> { });
             TransferOperation op = session.begin(TicketOp.WRITE)) {
            op.write(0, ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            op.flush();
        }
        assertThat(Files.readString(volume).substring(0, 5)).isEqualTo("hello");
        agent.call("Host.remove_image_ticket", Map.of("uuid", id));
    }
}
