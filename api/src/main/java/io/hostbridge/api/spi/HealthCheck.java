package io.hostbridge.api.spi;

/** One health check, contributed to a set and reported by {@code Host.getHealth}. */
public interface HealthCheck {

    /** Stable name, e.g. {@code stateDir}, {@code amqp}. */
    String name();

    /** Runs the check quickly (well under a second) and says how it went. */
    Result check();

    /** Outcome of a check; {@code message} is caller-safe. */
    record Result(boolean healthy, String message) {
        public static Result healthy(String message) {
            return new Result(true, message);
        }

        public static Result unhealthy(String message) {
            return new Result(false, message);
        }
    }
}
