package io.hostbridge.core.host;

import io.hostbridge.api.host.HardwareInfo;
import io.hostbridge.core.HardwareUuid;
import io.hostbridge.core.SysFiles;
import java.nio.file.Path;
import java.util.function.Supplier;
import oshi.hardware.ComputerSystem;

/**
 * Hardware identification. On Linux the DMI files in sysfs are read first: they hold exactly the firmware's
 * strings, where OSHI decorates some (the model with its version) and falls back to unrelated values (the
 * CPU vendor for the manufacturer). OSHI answers only where the sysfs file is missing or unreadable (no DMI,
 * root-only files): when the firmware itself says "To be filled by O.E.M.", OSHI has nothing better.
 */
final class HardwareInfoReader {

    private static final Path DMI = Path.of("/sys/class/dmi/id");

    private final ComputerSystem system;

    HardwareInfoReader(ComputerSystem system) {
        this.system = system;
    }

    HardwareInfo read() {
        return new HardwareInfo(
                dmi("sys_vendor", system::getManufacturer),
                dmi("product_name", system::getModel),
                dmi("product_version", () -> null),
                dmi("product_serial", system::getSerialNumber),
                dmiUuid(),
                dmi("product_family", () -> null),
                dmi("board_vendor", () -> system.getBaseboard().getManufacturer()),
                dmi("board_name", () -> system.getBaseboard().getModel()),
                dmi("bios_vendor", () -> system.getFirmware().getManufacturer()),
                dmi("bios_version", () -> system.getFirmware().getVersion()));
    }

    private String dmiUuid() {
        return HardwareUuid.sane(SysFiles.value(DMI.resolve("product_uuid")).orElseGet(system::getHardwareUUID))
                .orElse(null);
    }

    private static String dmi(String file, Supplier<String> fallback) {
        return Placeholders.clean(SysFiles.value(DMI.resolve(file)).orElseGet(fallback));
    }
}
