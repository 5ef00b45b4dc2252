package io.hostbridge.core.host;

import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.core.CoreSettings;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state directory exists and takes new files (the event numbering needs it). Messages name no path. */
public final class StateDirHealthCheck implements HealthCheck {

    private final Path stateDir;

    @Inject
    public StateDirHealthCheck(CoreSettings settings) {
        this.stateDir = settings.stateDir();
    }

    @Override
    public String name() {
        return "stateDir";
    }

    @Override
    public Result check() {
        if (!Files.isDirectory(stateDir)) {
            return Result.unhealthy("The state directory is missing");
        }
        // creating a file is the real test: permissions, ACLs, SELinux, read-only mounts, exhausted inodes
        try {
            Path probe = Files.createTempFile(stateDir, ".health", ".tmp");
            Files.delete(probe);
            return Result.healthy("The state directory is writable");
        } catch (IOException | SecurityException e) {
            return Result.unhealthy("The state directory is not writable");
        }
    }
}
