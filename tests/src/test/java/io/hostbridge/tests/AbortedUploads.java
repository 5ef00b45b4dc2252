package io.hostbridge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an upload that ended without its {@code ok} may leave of a new (empty) volume: ILLEGAL once a byte of it
 * was written; as it was — LEGAL, still without data — when it ended before its first byte (docs/streams.md).
 * Which of the two a client's abort meets can depend on how far the agent got: either way nothing half-written is
 * passed off as good.
 */
final class AbortedUploads {
    private AbortedUploads() {
    }

    /** @param info the volume's {@code Volume.getInfo} after the upload ended */
    static void nothingHalfWrittenIsLegal(JsonNode info, String what) throws IOException {
        String legality = info.get("legality").asText();
        if (legality.equals("LEGAL")) {
            assertThat(firstDataAt(Path.of(info.get("path").asText())))
                    .as(what + ": a LEGAL volume after an aborted upload holds none of its data").isEqualTo(-1);
        } else {
            assertThat(legality).as(what).isEqualTo("ILLEGAL");
        }
    }

    /** The offset of the file's first non-zero byte, or -1. */
    private static long firstDataAt(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long offset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != 0) {
                        return offset + i;
                    }
                }
                offset += n;
            }
        }
        return -1;
    }
}
