package io.hostbridge.tests;

import static io.hostbridge.tests.ImageTickets.MiB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data path over TLS on the data server's TCP port (the default), without the unix socket: a raw volume is
 * sent by plain files' zero-copy path on a plain connection, which cannot go through TLS, so these are the
 * bytes a remote backup tool gets.
 */
class ImageioTlsTest {
    @RegisterExtension
    static final AgentExtension agent = new AgentExtension(Map.of("imageio.tls", "true"));
    static final ImageTickets tickets = new ImageTickets(agent, true);
    static final int SIZE = 8 * MiB;

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        return data;
    }

    @Test
    void uploadThenDownloadARawVolumeWholeAndInRanges() throws Exception {
        Path volume = tickets.rawVolume(SIZE);
        String ticket = tickets.add(volume, SIZE, true);
        byte[] data = random(SIZE);
        for (int at = 0; at < SIZE; at += 2 * MiB) {
            assertThat(tickets.put(ticket, data, at, 2 * MiB)).isEqualTo(200);
        }
        assertThat(tickets.patch(ticket, "{\"op\":\"flush\"}")).isEqualTo(200);
        assertThat(Files.readAllBytes(volume)).isEqualTo(data);

        assertThat(tickets.download(ticket)).isEqualTo(data);
        byte[] part = new byte[SIZE];
        assertThat(tickets.get(ticket, part, 3 * MiB + 5, MiB)).isEqualTo(206);
        assertThat(Arrays.copyOfRange(part, 3 * MiB + 5, 4 * MiB + 5))
                .isEqualTo(Arrays.copyOfRange(data, 3 * MiB + 5, 4 * MiB + 5));
        assertThat(tickets.info(ticket).get("transferred").asLong()).isGreaterThanOrEqualTo(2L * SIZE);
    }

    @Test
    void aQcow2VolumeReadsBackOverTls() throws Exception {
        Path volume = tickets.cowVolume(SIZE);
        String ticket = tickets.add(volume, SIZE, true);
        byte[] data = random(MiB);
        assertThat(tickets.put(ticket, data, 0, MiB)).isEqualTo(200);
        byte[] whole = tickets.download(ticket);
        assertThat(whole).hasSize(SIZE);
        assertThat(Arrays.copyOf(whole, MiB)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(whole, MiB, SIZE)).containsOnly(0);
    }

    /** curl, trusting the agent's CA, downloads the same bytes; without the CA it does not get past the handshake. */
    @Test
    void curlVerifiesTheHostCertificate() throws Exception {
        Path volume = tickets.rawVolume(MiB, 0, MiB);
        String ticket = tickets.add(volume, MiB, false);
        Path out = agent.stateDir().resolveSibling("curl-" + ticket);
        Shell.Result ok = Shell.run(List.of("curl", "-sS", "--cacert", agent.pkiDir().resolve("ca.pem").toString(),
                "-o", out.toString(), tickets.url(ticket)), 30);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(Files.mismatch(volume, out)).isEqualTo(-1);

        Shell.Result untrusted = Shell.run(List.of("curl", "-sS", "-o", "/dev/null", tickets.url(ticket)), 30);
        assertThat(untrusted.exit()).as("curl: 60 = peer certificate cannot be authenticated").isEqualTo(60);
        assertThatThrownBy(() -> ImageTickets.HTTP.send(HttpRequest.newBuilder(URI.create(tickets.url(ticket)))
                .GET().build(), HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);
    }
}
