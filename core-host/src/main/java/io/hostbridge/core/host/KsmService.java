package io.hostbridge.core.host;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.HostKsmApi;
import io.hostbridge.api.host.KsmTuneParams;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Host.setKsmTune: writes the KSM files of sysfs. */
@Singleton
final class KsmService implements HostKsmApi {
    private static final Logger LOG = LoggerFactory.getLogger(KsmService.class);
    private final Path root;

    @Inject
    KsmService() {
        this(Path.of("/sys/kernel/mm/ksm"));
    }

    KsmService(Path root) {
        this.root = root;
    }

    @Override
    public synchronized void setKsmTune(KsmTuneParams p) {
        // merge_across_nodes first: the kernel takes it only while nothing is merged (before run starts merging)
        write("merge_across_nodes", p.mergeAcrossNodes());
        write("sleep_millisecs", p.sleepMillisecs());
        write("pages_to_scan", p.pagesToScan());
        write("run", p.run());
    }

    private void write(String name, Integer value) {
        if (value == null) {
            return;
        }
        Path file = root.resolve(name);
        try {
            // sysfs takes one write of the whole value; no truncation or creation
            Files.write(file, Integer.toString(value).getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.WRITE);
            LOG.info("KSM {} set to {}", name, value);
        } catch (IOException e) {
            throw BridgeException.failure(ErrorCode.GENERAL, "The kernel refused KSM setting " + name + " = " + value,
                    e);
        }
    }
}
