package io.hostbridge.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.ErrorCode;
import io.hostbridge.bridge.Transport;
import io.hostbridge.core.Poll;
import io.hostbridge.bridge.stream.MemoryStreamClient;
import io.hostbridge.bridge.stream.StreamPacket;
import io.hostbridge.bridge.stream.StreamPacket.Status;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volume.upload and Volume.download through the bridge, with an in-memory caller on the stream's other end. */
class VolumeStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    private TransferAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new TransferAgent(tmp.resolve("state"), Files.createDirectories(tmp.resolve("domains")));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private MemoryStreamClient open(String verb, Map<String, ?> params) {
        MemoryStreamClient client = new MemoryStreamClient();
        Map<?, ?> ref = (Map<?, ?>) agent.bridge.call(Transport.of("test", "local", null).withStreams(client), verb,
                params);
        assertThat(ref.get("streamId")).isEqualTo(client.stream().id());
        return client;
    }

    private static Map<String, Object> ids(Map<String, String> volume) {
        Map<String, Object> ids = new HashMap<>();
        for (String k : new String[] {"storagedomainID", "imageID", "volumeID"}) {
            ids.put(k, volume.get(k));
        }
        return ids;
    }

    private static int firstByte(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.read();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String legality(Map<String, String> volume) {
        return (String) ((Map<?, ?>) agent.call("Volume.getInfo", ids(volume))).get("legality");
    }

    @Test
    void uploadWritesDataAndHolesThenMarksTheVolumeLegalOnlyAfterTheHandshake() throws Exception {
        for (String format : new String[] {"RAW", "COW"}) {
            Map<String, String> volume = agent.volume(format, 8 * MIB);
            byte[] data = new byte[3 * MIB];
            new Random(7).nextBytes(data);
            MemoryStreamClient up = open("Volume.upload", ids(volume));
            assertThat(legality(volume)).isEqualTo("ILLEGAL");
            for (int off = 0; off < data.length; off += 256 * 1024) {
                up.data(java.util.Arrays.copyOfRange(data, off, off + 256 * 1024));
            }
            up.hole(4 * MIB);
            up.data(new byte[] {1, 2, 3});
            up.ok();
            StreamPacket last = up.next(WAIT);
            assertThat(last.status()).as(format + ": " + last.message()).isEqualTo(Status.OK);
            assertThat(legality(volume)).isEqualTo("LEGAL");

            MemoryStreamClient down = open("Volume.download", ids(volume));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            long holes = 0;
            while (true) {
                StreamPacket p = down.next(WAIT);
                assertThat(p.status()).as(format + ": " + p.message()).isIn(Status.CONTINUE, Status.HOLE);
                if (p.isEndOfData()) {
                    break;
                }
                if (p.status() == Status.HOLE) {
                    holes += p.holeLength();
                    got.write(new byte[(int) p.holeLength()]);
                } else {
                    assertThat(p.size()).isLessThanOrEqualTo(256 * 1024);
                    byte[] b = new byte[p.size()];
                    p.data().duplicate().get(b);
                    got.write(b);
                }
            }
            down.ok();
            assertThat(down.next(WAIT).status()).isEqualTo(Status.OK);
            byte[] image = got.toByteArray();
            assertThat(image).hasSize(8 * MIB);
            assertThat(java.util.Arrays.copyOfRange(image, 0, data.length)).isEqualTo(data);
            assertThat(java.util.Arrays.copyOfRange(image, 7 * MIB, 7 * MIB + 3)).containsExactly(1, 2, 3);
            assertThat(holes).as(format + ": zeroes travel as holes").isGreaterThanOrEqualTo(4 * MIB);
        }
    }

    @Test
    void anAbortedUploadLeavesTheVolumeIllegalAndFree() throws Exception {
        Map<String, String> volume = agent.volume("RAW", 4 * MIB);
        MemoryStreamClient up = open("Volume.upload", ids(volume));
        byte[] ones = new byte[1024];
        java.util.Arrays.fill(ones, (byte) 1);
        up.data(ones);
        assertThat(agent.error("Volume.delete", ids(volume)).error()).isEqualTo(ErrorCode.VOLUME_IS_BUSY);
        // the abort comes once the data is in the file: what was queued and not yet written would be dropped
        Path file = Path.of(volume.get("path"));
        Poll.until(WAIT, () -> firstByte(file), b -> b == 1, "the upload's first bytes in the volume");
        up.error("changed my mind");
        assertThat(up.awaitClosed(WAIT)).isTrue();
        assertThat(legality(volume)).isEqualTo("ILLEGAL");
        // an upload that ends before its first byte changes nothing: the volume stays ILLEGAL
        MemoryStreamClient nothing = open("Volume.upload", ids(volume));
        nothing.error("not now");
        assertThat(nothing.awaitClosed(WAIT)).isTrue();
        assertThat(legality(volume)).isEqualTo("ILLEGAL");
        // a new upload may start over, and completes it
        MemoryStreamClient again = open("Volume.upload", ids(volume));
        again.data(new byte[1024]);
        again.ok();
        assertThat(again.next(WAIT).status()).isEqualTo(Status.OK);
        assertThat(legality(volume)).isEqualTo("LEGAL");
    }

    @Test
    void anUploadThatEndsBeforeItsFirstByteLeavesALegalVolumeLegalAndFree() throws Exception {
        Map<String, String> volume = agent.volume("COW", 4 * MIB);
        MemoryStreamClient up = open("Volume.upload", ids(volume));
        assertThat(legality(volume)).isEqualTo("ILLEGAL");
        up.error("changed my mind");
        assertThat(up.awaitClosed(WAIT)).isTrue();
        Poll.until(WAIT, () -> legality(volume), "LEGAL"::equals, "the volume legal again");
        assertThat(((Map<?, ?>) agent.call("Volume.getInfo", ids(volume))).get("inUse")).isEqualTo(false);
    }

    @Test
    void dataBeyondTheSizeEndsTheStreamWithAnErrorBeforeAnyOfItIsWritten() throws Exception {
        Map<String, String> volume = agent.volume("RAW", MIB);
        Map<String, Object> params = ids(volume);
        params.put("offset", MIB - 1024);
        MemoryStreamClient up = open("Volume.upload", params);
        up.data(new byte[2048]);
        StreamPacket error = up.next(WAIT);
        assertThat(error.status()).isEqualTo(Status.ERROR);
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER.code());
        assertThat(error.message()).contains("beyond");
        // refused before its first byte: the volume is as it was
        assertThat(legality(volume)).isEqualTo("LEGAL");

        Map<String, Object> tooFar = ids(volume);
        tooFar.put("size", 2 * MIB);
        assertThat(agent.error("Volume.upload", tooFar).getMessage()).contains("size");
    }

    @Test
    void aVolumeRemovedUnderAnUploadEndsItWithAnError() throws Exception {
        Map<String, String> volume = agent.volume("RAW", 4 * MIB);
        MemoryStreamClient up = open("Volume.upload", ids(volume));
        up.data(new byte[1024]);
        Files.delete(Path.of(volume.get("path")));
        up.ok();
        StreamPacket error = up.next(WAIT);
        assertThat(error.status()).isEqualTo(Status.ERROR);
        assertThat(error.code()).isEqualTo(ErrorCode.VOLUME_DOES_NOT_EXIST.code());
        assertThat(error.message()).doesNotContain(tmp.toString());
    }

    @Test
    void anIllegalVolumeIsNotDownloaded() {
        Map<String, String> volume = agent.volume("RAW", MIB);
        open("Volume.upload", ids(volume));
        assertThat(agent.error("Volume.download", ids(volume)).error()).isEqualTo(ErrorCode.ILLEGAL_VOLUME);
    }
}
