package io.hostbridge.core.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import oshi.hardware.CentralProcessor;

/** CPU flags in VDSM's format: the 'flags' line of /proc/cpuinfo ('Features' on ARM), comma-separated. */
final class CpuFlags {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CpuFlags() {
    }

    static String read(CentralProcessor cpu) {
        List<String> lines;
        try {
            lines = Files.readAllLines(CPUINFO, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            lines = List.of();
        }
        // OSHI reads the same lines where /proc/cpuinfo exists, and knows other systems
        return parse(lines).or(() -> parse(cpu.getFeatureFlags())).orElse("");
    }

    /** The first flags line of {@code lines}, as {@code fpu,vme,de}. */
    static Optional<String> parse(List<String> lines) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            if (key.equals("flags") || key.equals("Features")) {
                String flags = String.join(",", line.substring(colon + 1).strip().split("\\s+"));
                return flags.isEmpty() ? Optional.empty() : Optional.of(flags);
            }
        }
        return Optional.empty();
    }
}
