package io.hostbridge.core;

import io.hostbridge.core.SysFiles;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import oshi.SystemInfo;

/** The machine's hardware (SMBIOS) UUID, when the firmware provides a believable one. */
public final class HardwareUuid {

    private static final Path PRODUCT_UUID = Path.of("/sys/class/dmi/id/product_uuid");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ONE_DIGIT = Pattern.compile("([0-9a-f])(-?\\1)*");

    private HardwareUuid() {
    }

    /** Reads sysfs (root only on most systems), then asks OSHI (which may try dmidecode and friends). */
    public static Optional<String> read() {
        return SysFiles.value(PRODUCT_UUID).flatMap(HardwareUuid::sane)
                .or(() -> sane(new SystemInfo().getHardware().getComputerSystem().getHardwareUUID()));
    }

    /**
     * {@code value} as a lower-case UUID, or empty when it is blank, a placeholder such as "unknown", not a
     * UUID, or all zeros or all Fs (what firmware reports when nobody set the UUID).
     */
    public static Optional<String> sane(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String uuid = value.strip().toLowerCase(Locale.ROOT);
        if (!UUID.matcher(uuid).matches() || (ONE_DIGIT.matcher(uuid).matches()
                && (uuid.charAt(0) == '0' || uuid.charAt(0) == 'f'))) {
            return Optional.empty();
        }
        return Optional.of(uuid);
    }
}
