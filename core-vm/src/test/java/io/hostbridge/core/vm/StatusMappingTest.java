package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.vm.VmExit;
import io.hostbridge.api.vm.VmStatus;
import org.junit.jupiter.api.Test;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.ResumedDetail;
import org.libvirt.event.StartedDetail;
import org.libvirt.event.StoppedDetail;
import org.libvirt.event.SuspendedDetail;

/** libvirt's lifecycle events and states, as VDSM's statuses. */
class StatusMappingTest {

    private static StatusMapping.Change map(DomainEventType type, Enum<?> detail, VmStatus current) {
        return StatusMapping.fromEvent(type, detail, current, null);
    }

    @Test
    void startedAndResumedAreUp() {
        assertThat(map(DomainEventType.STARTED, StartedDetail.BOOTED, VmStatus.POWERING_UP).status())
                .isEqualTo(VmStatus.UP);
        assertThat(map(DomainEventType.RESUMED, ResumedDetail.UNPAUSED, VmStatus.PAUSED).status())
                .isEqualTo(VmStatus.UP);
    }

    @Test
    void anIncomingVmIsUpWhenLibvirtResumesItNotWhenItsQemuStarts() {
        // QEMU starts paused at the beginning of a migration (seen on real QEMU): still a destination
        assertThat(map(DomainEventType.STARTED, StartedDetail.MIGRATED, VmStatus.MIGRATION_DESTINATION)).isNull();
        assertThat(map(DomainEventType.RESUMED, ResumedDetail.MIGRATED, VmStatus.MIGRATION_DESTINATION))
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(VmStatus.UP);
                    assertThat(c.reason()).isEqualTo("migrated");
                });
        // a paused VM arrives paused
        assertThat(map(DomainEventType.SUSPENDED, SuspendedDetail.PAUSED, VmStatus.MIGRATION_DESTINATION).status())
                .isEqualTo(VmStatus.PAUSED);
    }

    @Test
    void aMigratingSourceStaysMigrationSourceWhenLibvirtPausesOrResumesIt() {
        assertThat(map(DomainEventType.SUSPENDED, SuspendedDetail.MIGRATED, VmStatus.MIGRATION_SOURCE)).isNull();
        assertThat(map(DomainEventType.RESUMED, ResumedDetail.MIGRATED, VmStatus.MIGRATION_SOURCE)).isNull();
        // libvirt's event of the boot, delivered after the migration began (seen in RealVmMigrationTest)
        assertThat(map(DomainEventType.STARTED, StartedDetail.BOOTED, VmStatus.MIGRATION_SOURCE)).isNull();
        assertThat(map(DomainEventType.SUSPENDED, SuspendedDetail.IOERROR, VmStatus.UP))
                .isEqualTo(new StatusMapping.Change(VmStatus.PAUSED, "ioerror", null));
    }

    @Test
    void stopsAreDownWithTheirExit() {
        assertThat(map(DomainEventType.STOPPED, StoppedDetail.SHUTDOWN, VmStatus.UP).exit())
                .isEqualTo(new VmExit(0, "UserShutdown", "The guest shut itself down"));
        assertThat(map(DomainEventType.STOPPED, StoppedDetail.CRASHED, VmStatus.UP).exit().exitCode()).isEqualTo(1);
        assertThat(map(DomainEventType.STOPPED, StoppedDetail.FAILED, VmStatus.UP).exit().exitReason())
                .isEqualTo("Failed");
        assertThat(map(DomainEventType.STOPPED, StoppedDetail.MIGRATED, VmStatus.MIGRATION_SOURCE).exit())
                .satisfies(e -> assertThat(e.exitReason()).isEqualTo("MigrationSucceeded"));
        VmExit asked = new VmExit(0, "AdminShutdown", "Shut down by VM.shutdown");
        assertThat(StatusMapping.fromEvent(DomainEventType.STOPPED, StoppedDetail.SHUTDOWN, VmStatus.POWERING_DOWN,
                asked).exit()).isEqualTo(asked);
    }

    @Test
    void guestShutdownIsPoweringDownAndDefinitionsChangeNothing() {
        assertThat(map(DomainEventType.SHUTDOWN, null, VmStatus.UP).status()).isEqualTo(VmStatus.POWERING_DOWN);
        assertThat(map(DomainEventType.DEFINED, null, VmStatus.UP)).isNull();
        assertThat(map(DomainEventType.UNDEFINED, null, VmStatus.UP)).isNull();
    }

    @Test
    void statesMapForRecovery() {
        assertThat(StatusMapping.fromState(DomainState.VIR_DOMAIN_RUNNING)).isEqualTo(VmStatus.UP);
        assertThat(StatusMapping.fromState(DomainState.VIR_DOMAIN_PAUSED)).isEqualTo(VmStatus.PAUSED);
        assertThat(StatusMapping.fromState(DomainState.VIR_DOMAIN_SHUTDOWN)).isEqualTo(VmStatus.POWERING_DOWN);
        assertThat(StatusMapping.fromState(DomainState.VIR_DOMAIN_SHUTOFF)).isEqualTo(VmStatus.DOWN);
        assertThat(StatusMapping.fromState(DomainState.VIR_DOMAIN_CRASHED)).isEqualTo(VmStatus.DOWN);
    }
}
