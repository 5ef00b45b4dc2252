package io.hostbridge.core.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostbridge.api.vm.VmParams;
import io.hostbridge.bridge.ValueCodec;
import io.hostbridge.bridge.model.Constraints;
import io.hostbridge.bridge.model.TypeRef;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.StateFiles;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the agent keeps about each VM in {@code <stateDir>/vms/<vmId>.json}, written at create (atomically) and
 * removed at destroy: the parameters as the caller gave them (with generated MAC addresses), the domain type and
 * the creation time. Recovery rebuilds VMs from these files plus what libvirt says.
 */
@Singleton
final class VmStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeRef PARAMS = new TypeRef.Named("VmParams");

    private final Path dir;
    private final ValueCodec codec;

    /** One stored VM. */
    record Record(UUID vmId, VmParams params, String domainType, Instant createTime, boolean incoming) {
    }

    @Inject
    VmStore(CoreSettings settings, VmCodec codec) {
        this.dir = settings.stateDir().resolve("vms");
        this.codec = codec.codec();
    }

    void save(Record record) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("vmId", record.vmId().toString());
        doc.put("vmParams", codec.encode(record.params()));
        doc.put("domainType", record.domainType());
        doc.put("createTime", record.createTime().toString());
        doc.put("incoming", record.incoming());
        try {
            StateFiles.writeAtomically(file(record.vmId()), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save VM " + record.vmId() + " in " + dir, e);
        }
    }

    void delete(UUID vmId) {
        try {
            Files.deleteIfExists(file(vmId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove VM " + vmId + " from " + dir, e);
        }
    }

    /** Ids of the stored VMs (file names only; nothing is read yet). */
    List<UUID> ids() throws IOException {
        List<UUID> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    try {
                        ids.add(UUID.fromString(name.substring(0, name.length() - 5)));
                    } catch (IllegalArgumentException e) {
                        // not ours
                    }
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Reads one stored VM. */
    Record read(UUID vmId) throws IOException {
        String text = StateFiles.read(file(vmId)).orElseThrow(() -> new IOException("no record of VM " + vmId));
        Map<?, ?> doc = JSON.readValue(text, Map.class);
        VmParams params = (VmParams) codec.decode(PARAMS, doc.get("vmParams"), "vmParams", Constraints.NONE);
        return new Record(vmId, params, String.valueOf(doc.get("domainType")),
                Instant.parse(String.valueOf(doc.get("createTime"))), Boolean.TRUE.equals(doc.get("incoming")));
    }

    private Path file(UUID vmId) {
        return dir.resolve(vmId + ".json");
    }
}
