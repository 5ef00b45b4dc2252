package io.hostbridge.core.host;

import io.hostbridge.api.host.HealthCheckResult;
import io.hostbridge.api.host.HealthReport;
import io.hostbridge.api.spi.HealthCheck;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every contributed health check; a check that throws is unhealthy, its failure logged under an id. */
final class HealthReporter {
    private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);

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
            String errorId = UUID.randomUUID().toString();
            LOG.warn("error id {}: health check {} failed", errorId, nameOf(check), e);
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
