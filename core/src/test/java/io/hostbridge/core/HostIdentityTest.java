package io.hostbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostIdentityTest {

    @TempDir
    Path temp;

    @Test
    void theIdIsStableAcrossStartsAndEqualToTheStoredFile() throws Exception {
        Path stateDir = temp.resolve("state");

        HostIdentity first = HostIdentity.load(stateDir);
        HostIdentity second = HostIdentity.load(stateDir);

        assertThat(UUID.fromString(first.hostId()).toString()).isEqualTo(first.hostId());
        assertThat(second.hostId()).isEqualTo(first.hostId());
        assertThat(second.source()).isEqualTo(HostIdentity.Source.STORED);
        assertThat(Files.readString(stateDir.resolve("host-id")).strip()).isEqualTo(first.hostId());
    }

    @Test
    void aFirstStartCreatesTheStateDirectory() {
        Path stateDir = temp.resolve("a/b/c");

        HostIdentity.load(stateDir, () -> null);

        assertThat(stateDir.resolve("host-id")).isRegularFile();
        assertThat(stateDir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aFirstStartTakesASaneHardwareUuidInLowerCase() {
        HostIdentity identity = HostIdentity.load(temp, () -> " 4C4C4544-0042-3510-8052-B4C04F384E32\n");

        assertThat(identity.hostId()).isEqualTo("4c4c4544-0042-3510-8052-b4c04f384e32");
        assertThat(identity.source()).isEqualTo(HostIdentity.Source.HARDWARE);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "unknown", "Not Settable", "00000000-0000-0000-0000-000000000000",
            "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "ffffffff-ffff-ffff-ffff-ffffffffffff", "4c4c4544004235108052b4c04f384e32",
            "4c4c4544-0042-3510-8052-b4c04f384e3", "zc4c4544-0042-3510-8052-b4c04f384e32"})
    void anUnbelievableHardwareUuidGivesARandomOne(String hardware) {
        HostIdentity identity = HostIdentity.load(temp, () -> hardware);

        assertThat(identity.source()).isEqualTo(HostIdentity.Source.RANDOM);
        assertThat(UUID.fromString(identity.hostId()).version()).isEqualTo(4);
    }

    @Test
    void laterStartsDoNotAskTheHardware() {
        HostIdentity.load(temp, () -> null);
        AtomicInteger asked = new AtomicInteger();

        HostIdentity.load(temp, () -> {
            asked.incrementAndGet();
            return "4c4c4544-0042-3510-8052-b4c04f384e32";
        });

        assertThat(asked).hasValue(0);
    }

    @Test
    void aCorruptFileIsAClearErrorNamingIt() throws Exception {
        Files.writeString(temp.resolve("host-id"), "not-a-uuid\n");

        assertThatThrownBy(() -> HostIdentity.load(temp, () -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(temp.resolve("host-id").toString())
                .hasMessageContaining("not-a-uuid")
                .hasMessageContaining("corrupt");
        assertThat(Files.readString(temp.resolve("host-id"))).isEqualTo("not-a-uuid\n");
    }
}
