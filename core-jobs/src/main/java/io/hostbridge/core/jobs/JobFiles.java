package io.hostbridge.core.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hostbridge.core.StateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Job records on disk, one JSON file per job, each replaced atomically. */
final class JobFiles {
    private static final Logger LOG = LoggerFactory.getLogger(JobFiles.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path dir;

    JobFiles(Path dir) {
        this.dir = dir;
    }

    void write(JobRecord record) throws IOException {
        StateFiles.writeAtomically(file(record.id()), JSON.writeValueAsString(record));
    }

    void delete(UUID id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    /** Every readable record; an unreadable file is logged and left for an operator. */
    List<JobRecord> readAll() throws IOException {
        List<JobRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                try {
                    records.add(JSON.readValue(file.toFile(), JobRecord.class));
                } catch (IOException e) {
                    LOG.warn("Ignoring unreadable job record {}: {}", file, e.getMessage());
                }
            }
        }
        return records;
    }

    private Path file(UUID id) {
        return dir.resolve(id + ".json");
    }
}
