package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a migration to another agent sends the VM's memory (real migrations: RealVmMigrationTest). */
class MigrationsTest {

    @Test
    void theMemoryGoesToTheHostTheDestinationAgentWasReachedBy() {
        assertThat(Migrations.dataUri("10.0.0.2:54321")).isEqualTo("tcp://10.0.0.2");
        assertThat(Migrations.dataUri("host-b.example.org:8080")).isEqualTo("tcp://host-b.example.org");
        assertThat(Migrations.dataUri("[fd00::2]:54321")).isEqualTo("tcp://[fd00::2]");
        assertThat(Migrations.dataUri(null)).as("libvirt asks the destination").isNull();
    }
}
