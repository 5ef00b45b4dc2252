package io.hostbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.agent.config.ConfigLoader;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.stream.StreamMode;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.bridge.model.VerbDef;
import io.hostbridge.core.InjectorTestModule;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verbs that reach other hosts or the host's files, or hand out data-URL secrets, are for admins, and verbs that
 * carry a guest's data are not for read callers (docs/security.md, "Access levels"): checked on the API the agent
 * serves with every module.
 */
class AccessLevelsTest {
    /** Migration (the agent's libvirt connects where the caller says), tickets, domains on host paths. */
    private static final Set<String> ADMIN_ONLY = Set.of("VM.migrate", "VM.migrationCreate", "VM.migrateCancel",
            "Host.add_image_ticket", "Host.get_image_ticket", "Host.extend_image_ticket", "Host.remove_image_ticket",
            "StorageDomain.create", "StorageDomain.format", "StorageDomain.activate", "StorageDomain.deactivate");

    @TempDir
    Path dir;

    private ApiModel api() {
        return InjectorTestModule.of(Modules.choose(new ConfigLoader().load(null, Map.of(), Map.of("host.stateDir",
                dir.resolve("state").toString(), "host.runDir", dir.resolve("run").toString(), "rest.enabled", "false",
                "xmlrpc.enabled", "false", "amqp.enabled", "false", "imageio.enabled", "false")), "test")
                .toArray(new com.google.inject.Module[0])).get(ApiModel.class);
    }

    @Test
    void verbsThatReachOtherHostsOrHostFilesOrHandOutTicketsAreAdminOnly() {
        Map<String, AccessLevel> levels = api().verbs().values().stream()
                .collect(Collectors.toMap(VerbDef::name, VerbDef::access));
        assertThat(levels).containsKeys(ADMIN_ONLY.toArray(String[]::new));
        assertThat(ADMIN_ONLY).allSatisfy(verb -> assertThat(levels.get(verb)).as(verb).isEqualTo(AccessLevel.ADMIN));
    }

    /** A stream carries a guest's own data (a disk's contents, a screen, a console): not for monitoring. */
    @Test
    void verbsThatCarryAGuestsDataNeedWriteAccess() {
        Map<String, AccessLevel> streams = api().verbs().values().stream()
                .filter(v -> v.stream() != StreamMode.NONE)
                .collect(Collectors.toMap(VerbDef::name, VerbDef::access));
        assertThat(streams).containsKeys("Volume.upload", "Volume.download", "VM.openConsole", "VM.screenshot");
        assertThat(streams).allSatisfy((verb, level) -> assertThat(level).as(verb).isNotEqualTo(AccessLevel.READ));
    }
}
