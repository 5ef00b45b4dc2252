package io.hostbridge.agent;

import ch.qos.logback.classic.Level;
import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.host.HostLoggingApi;
import io.hostbridge.api.host.LoggingLevel;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Host.setLogLevel on logback, the agent's logging backend: only the agent module knows it. */
final class LogLevels implements HostLoggingApi {
    private static final Logger LOG = LoggerFactory.getLogger(LogLevels.class);
    /** Java logger names: dotted identifiers. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    @Override
    public void setLogLevel(LoggingLevel level, String name) {
        String logger = name == null || name.isEmpty() ? Logger.ROOT_LOGGER_NAME : name;
        if (!logger.equals(Logger.ROOT_LOGGER_NAME) && !NAME.matcher(logger).matches()) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "name", "Invalid parameter 'name': a"
                    + " logger name is dotted identifiers, such as io.hostbridge.core.storage");
        }
        if (logger.equals(Main.ACCESS_LOG)) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, "name", "Invalid parameter 'name': the"
                    + " access log is switched by logging.accessLog in the configuration");
        }
        Level next = switch (level) {
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARNING, WARN -> Level.WARN;
            case ERROR, CRITICAL, CRIT -> Level.ERROR;
        };
        // logged before a change that could hide it, and after one that could show it
        LOG.info("Log level of {} set to {} by a caller", logger, next);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(next);
    }
}
