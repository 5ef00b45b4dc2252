package io.hostbridge.core.host;

import io.hostbridge.api.ApiCatalog;
import io.hostbridge.api.host.HostCapabilities;
import io.hostbridge.api.host.NicInfo;
import io.hostbridge.api.host.OperatingSystem;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.SysFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/** Reads the static facts of the host. */
final class CapabilitiesReader {

    static final long MIB = 1024 * 1024;
    private static final Path KVM = Path.of("/dev/kvm");

    private final SystemInfo system;
    private final CoreSettings settings;
    private final String hostId;

    CapabilitiesReader(SystemInfo system, CoreSettings settings, String hostId) {
        this.system = system;
        this.settings = settings;
        this.hostId = hostId;
    }

    HostCapabilities read() {
        CentralProcessor cpu = system.getHardware().getProcessor();
        CentralProcessor.ProcessorIdentifier id = cpu.getProcessorIdentifier();
        GlobalMemory memory = system.getHardware().getMemory();
        oshi.software.os.OperatingSystem os = system.getOperatingSystem();
        return new HostCapabilities(hostId, hostId, hostname(), id.getName().strip(), id.getVendor().strip(),
                cpu.getPhysicalPackageCount(), cpu.getPhysicalProcessorCount(), cpu.getLogicalProcessorCount(),
                speedMhz(cpu), CpuFlags.read(cpu), memory.getTotal() / MIB,
                memory.getVirtualMemory().getSwapTotal() / MIB, kvmEnabled(), operatingSystem(os), kernel(os), nics(),
                os.getSystemBootTime(), settings.softwareVersion(), ApiCatalog.VERSION, settings.protocols());
    }

    private String hostname() {
        return SysFiles.value(Path.of("/proc/sys/kernel/hostname"))
                .orElseGet(() -> system.getOperatingSystem().getNetworkParams().getHostName());
    }

    private static double speedMhz(CentralProcessor cpu) {
        long hz = cpu.getProcessorIdentifier().getVendorFreq();
        if (hz <= 0) {
            hz = cpu.getMaxFreq();
        }
        return hz <= 0 ? 0 : Math.round(hz / 1_000.0) / 1_000.0;
    }

    /** KVM is usable when the agent may open /dev/kvm read-write (as libvirt's qemu will). */
    private static boolean kvmEnabled() {
        return Files.exists(KVM) && Files.isReadable(KVM) && Files.isWritable(KVM);
    }

    private static OperatingSystem operatingSystem(oshi.software.os.OperatingSystem os) {
        String codeName = os.getVersionInfo().getCodeName();
        return new OperatingSystem(os.getFamily(), os.getVersionInfo().getVersion(),
                codeName == null || codeName.isBlank() ? null : codeName);
    }

    /** What {@code uname -r} prints. */
    private static String kernel(oshi.software.os.OperatingSystem os) {
        return SysFiles.value(Path.of("/proc/sys/kernel/osrelease"))
                .or(() -> Optional.ofNullable(os.getVersionInfo().getBuildNumber()).filter(s -> !s.isBlank()))
                .orElseGet(() -> System.getProperty("os.version"));
    }

    private Map<String, NicInfo> nics() {
        return new NetworkInterfaces(system.getHardware()).infos();
    }
}
