package io.hostbridge.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.hostbridge.api.host.HealthReport;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.events.EventBusSettings;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostHealthTest {

    @TempDir
    Path stateDir;

    @Test
    void aWritableStateDirIsHealthy() {
        StateDirHealthCheck check = new StateDirHealthCheck(settings(stateDir));

        assertThat(check.name()).isEqualTo("stateDir");
        assertThat(check.check().healthy()).isTrue();
        assertThat(stateDir).isEmptyDirectory();
    }

    @Test
    void aMissingStateDirIsUnhealthyWithoutNamingThePath() {
        Path missing = stateDir.resolve("gone");
        HealthCheck.Result result = new StateDirHealthCheck(settings(missing)).check();

        assertThat(result.healthy()).isFalse();
        assertThat(result.message()).contains("missing").doesNotContain(missing.toString());
    }

    @Test
    void theReportAggregatesEveryCheckAndSurvivesOneThatThrows() {
        HealthCheck throwing = check("broken", () -> {
            throw new IllegalStateException("secret path /etc/shadow");
        });
        HealthCheck fine = check("fine", () -> HealthCheck.Result.healthy("ok"));
        HostServiceFixture host = new HostServiceFixture(stateDir, EventBusSettings.defaults(),
                Set.of(throwing, fine, new StateDirHealthCheck(settings(stateDir))));

        HealthReport report = host.service.getHealth();

        assertThat(report.healthy()).isFalse();
        assertThat(report.checks()).containsOnlyKeys("broken", "fine", "stateDir");
        assertThat(report.checks().get("fine").healthy()).isTrue();
        assertThat(report.checks().get("stateDir").healthy()).isTrue();
        assertThat(report.checks().get("broken").healthy()).isFalse();
        assertThat(report.checks().get("broken").message()).contains("error id").doesNotContain("/etc/shadow");
    }

    @Test
    void noChecksIsHealthy() {
        HealthReport report = new HostServiceFixture(stateDir).service.getHealth();

        assertThat(report.healthy()).isTrue();
        assertThat(report.checks()).isEmpty();
    }

    private static CoreSettings settings(Path stateDir) {
        return CoreSettings.builder().stateDir(stateDir).build();
    }

    private static HealthCheck check(String name, java.util.function.Supplier<HealthCheck.Result> result) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check() {
                return result.get();
            }
        };
    }
}
