package io.hostbridge.tests;

import static io.hostbridge.tests.StompStreamClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A STOMP client that opens a download and stops reading: the agent writes a bounded amount for it, then ends the
 * stream after {@code stomp.streamSendTimeout} (here 2 s), and goes on serving everyone else.
 */
class StompStreamStallTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("stomp.streamSendTimeout", "2s"));

    @TempDir
    static Path dir;

    @Test
    void aClientThatStopsReadingLosesItsDownloadAndTheAgentHoldsLittleForIt() throws Exception {
        long size = 256L * MIB;
        try (StompStreamClient conn = new StompStreamClient(agent.port())) {
            conn.domain(dir.resolve("sd"));
            String[] v = conn.volume(size);
            String up = conn.open("up", "Volume.upload", conn.ids(v));
            // all data: nothing goes as a hole
            conn.upload(up, StompStreamClient.sparseImage(dir.resolve("full.raw"), size, 4 * MIB, 4 * MIB));
            conn.expectOk("up", up);

            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(64 * KIB);
                socket.connect(new InetSocketAddress("127.0.0.1", agent.port()), 10_000);
                byte[] request = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "method", "Volume.download",
                        "params", conn.ids(v), "id", "d"));
                socket.getOutputStream().write(("CONNECT\naccept-version:1.2\n\n\0SUBSCRIBE\ndestination:d\nid:d\n\n\0"
                        + "SEND\ndestination:jms.topic.vdsm_requests\nreply-to:d\ncontent-length:" + request.length
                        + "\n\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().write(request);
                socket.getOutputStream().write(0);
                // it reads nothing: the stream must end, and the volume be free again
                conn.awaitInUse(v, true, "the download starts");
                conn.awaitInUse(v, false, "the unread download ends");
                assertThat(conn.ok("Host.ping2", Map.of()).asBoolean()).as("others are served").isTrue();
                socket.setSoTimeout(2000);
                byte[] buffer = new byte[64 * KIB];
                try {
                    int n;
                    while ((n = socket.getInputStream().read(buffer)) > 0 && received.size() < 64 * MIB) {
                        received.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    // all there was
                }
            }
            System.out.printf("STOMP download to a client that stopped reading: %d KiB of %d MiB reached it%n",
                    received.size() / KIB, size / MIB);
            assertThat(received.size()).as("what the agent wrote for a client that did not read: its window (1 MiB),"
                    + " a packet and the sockets' buffers").isLessThan(16 * MIB);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            assertThat(text.substring(text.lastIndexOf("MESSAGE\n"))).as("the stream's last packet")
                    .contains("status:error\n").contains("code:5010\n")
                    .contains("the client read nothing for 2000 ms (stomp.streamSendTimeout)");
        }
    }
}
