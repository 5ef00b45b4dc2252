package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.host.HardwareInfo;
import io.hostbridge.core.HardwareUuid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HardwareInfoTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "unknown", "Unknown", "Not Specified", "To be filled by O.E.M.",
            "To Be Filled By O.E.M.", "Default string", "System Product Name", "None", "N/A", "0", "00000000",
            "xxxxxxxx", "0.0", "--", "Not Applicable", "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"})
    void placeholdersSayNothing(String value) {
        assertThat(Placeholders.clean(value)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "A", "Dell Inc.", "PowerEdge R740", "1.2.3", "QEMU", "pc-q35-8.2", "Standard PC (Q35 + ICH9, 2009)"})
    void realValuesAreKept(String value) {
        assertThat(Placeholders.clean(" " + value + "\n")).isEqualTo(value);
    }

    @Test
    void theHostReportsOnlyRealValuesAndTheFirmwaresUuid() {
        HardwareInfo info = new HostServiceFixture(stateDir).service.getHardwareInfo();

        assertThat(Arrays.stream(info.getClass().getRecordComponents()).map(c -> {
            try {
                return (String) c.getAccessor().invoke(info);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).filter(Objects::nonNull)).allSatisfy(value -> assertThat(Placeholders.clean(value)).isEqualTo(value));
        Path productUuid = Path.of("/sys/class/dmi/id/product_uuid");
        if (Files.isReadable(productUuid)) {
            assertThat(info.systemUUID()).isEqualTo(HardwareUuid.sane(readOrNull(productUuid)).orElse(null));
        }
        Path vendor = Path.of("/sys/class/dmi/id/sys_vendor");
        if (Files.isReadable(vendor)) {
            assertThat(info.systemManufacturer()).isEqualTo(Placeholders.clean(readOrNull(vendor)));
        }
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
