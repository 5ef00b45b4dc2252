package io.hostbridge.core.host;

import io.hostbridge.api.host.HealthCheckResult;
import io.hostbridge.api.host.HealthReport;
import io.hostbridge.api.spi.HealthCheck;
import io.hostbridge.bridge.ErrorIds;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Runs every contributed health check; a check that throws is unhealthy, its failure logged under an id. */
final class HealthReporter {

    private final Supplier<Set<HealthCheck>> checks;

    HealthReporter(Supplier<Set<HealthCheck>> checks) {
        this.checks = checks;
    }

    HealthReport report() {
        List<HealthCheck> sorted = checks.get().stream().sorted(Comparator.comparing(HealthReporter::nameOf)).toList();
        Map<String, HealthCheckResult> results = new LinkedHashMap<>();
        boolean healthy = true;
        for (HealthCheck check : sorted) {
            HealthCheckResult result = run(check);
            healthy &= result.healthy();
            String name = nameOf(check);
            String key = name;
            for (int n = 2; results.containsKey(key); n++) {
                key = name + "#" + n;
            }
            results.put(key, result);
        }
        return new HealthReport(healthy, results);
    }

    private static HealthCheckResult run(HealthCheck check) {
        try {
            HealthCheck.Result result = check.check();
            if (result == null) {
                return new HealthCheckResult(false, "The check returned no result");
            }
            return new HealthCheckResult(result.healthy(), result.message() == null ? "" : result.message());
        } catch (RuntimeException | StackOverflowError e) {
            String errorId = ErrorIds.record("health check " + nameOf(check), e);
            return new HealthCheckResult(false,
                    "The check failed; the agent's log has the details under error id " + errorId);
        }
    }

    private static String nameOf(HealthCheck check) {
        try {
            String name = check.name();
            return name == null || name.isBlank() ? check.getClass().getSimpleName() : name;
        } catch (RuntimeException e) {
            return check.getClass().getSimpleName();
        }
    }
}
