package io.hostbridge.core.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Something that may hold volumes open: running VMs, image transfers. Contributed to a set (Guice
 * {@code Multibinder}); storage asks every contributor before it deletes, shrinks or overwrites a volume, so
 * "in use" is derived from what actually runs, also after an agent restart.
 */
public interface VolumeUsers {

    /**
     * Who uses the volume file at {@code path}, in words for an error message (e.g. "VM 3f0c…"), or empty
     * when this contributor does not use it. Paths are compared normalized ({@code .} and {@code ..} resolved).
     * Every implementation passes {@code VolumeUsersContract} (core's test jar).
     */
    Optional<String> userOf(Path path);
}
