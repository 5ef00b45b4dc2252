package io.hostbridge.core.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hostbridge.core.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON metadata files, written atomically (temporary file, fsync, rename, fsync of the directory). */
final class MetadataFiles {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private MetadataFiles() {
    }

    static void write(Path file, Object value) throws IOException {
        StateFiles.writeAtomically(file, JSON.writeValueAsString(value) + "\n");
    }

    static <T> T read(Path file, Class<T> type) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), type);
    }
}
