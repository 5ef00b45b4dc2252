package io.hostbridge.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link VolumeUsers} must do, so storage can trust "in use" whoever contributes it. An implementation's
 * test implements this interface: it supplies the contributor and puts volume files in use as its kind of user
 * does (a VM with the file as a drive, an image ticket on it), with real parts, not stand-ins.
 */
@Timeout(60)
public interface VolumeUsersContract {

    /** The contributor under test. */
    VolumeUsers users();

    /** Puts a new volume file in use, as the contributor's kind of user does, and says by whom. */
    Use use() throws Exception;

    /**
     * A volume file in use.
     *
     * @param file    the file, absolute and normalized
     * @param user    what the description must name: a VM's id, a transfer's name (never a ticket's id: a secret)
     * @param release ends the use (destroys the VM, removes the ticket)
     */
    record Use(Path file, String user, Release release) {
    }

    /** Ends a use. */
    @FunctionalInterface
    interface Release {
        void release() throws Exception;
    }

    @Test
    default void aFileInUseIsReportedWithADescriptionNamingItsUser() throws Exception {
        Use use = use();

        assertThat(users().userOf(use.file()))
                .hasValueSatisfying(who -> assertThat(who).isNotBlank().contains(use.user()));
    }

    @Test
    default void aFileNotInUseGivesEmpty() throws Exception {
        Use use = use();
        Path file = use.file();

        assertThat(users().userOf(file.resolveSibling(file.getFileName() + ".other"))).isEmpty();
        assertThat(users().userOf(file.getParent())).isEmpty();
    }

    @Test
    default void pathsAreComparedNormalized() throws Exception {
        Use use = use();
        Path file = use.file();
        Path dir = file.getParent();

        assertThat(users().userOf(dir.resolve(".").resolve(file.getFileName()))).isPresent();
        assertThat(users().userOf(dir.resolve("..").resolve(dir.getFileName()).resolve(file.getFileName())))
                .isPresent();
    }

    @Test
    default void aReleasedFileIsNoLongerReportedAndOthersStillAre() throws Exception {
        Use released = use();
        Use kept = use();

        released.release().release();

        assertThat(users().userOf(released.file())).isEmpty();
        assertThat(users().userOf(kept.file())).hasValueSatisfying(who -> assertThat(who).contains(kept.user()));
    }
}
