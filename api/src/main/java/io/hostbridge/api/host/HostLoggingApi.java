package io.hostbridge.api.host;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;

/** The agent's own log, changed while it runs. */
@ApiNamespace(value = "Host", description = "The host: capabilities, hardware, statistics, health and events")
public interface HostLoggingApi {

    @ApiVerb(description = "Sets the level of one of the agent's loggers (name: a logger or package name such as"
            + " io.hostbridge.core.storage), or of the root logger when name is empty, until the agent restarts"
            + " (logging.level in the configuration is the level at start). Admin: DEBUG logs more than callers"
            + " may otherwise see", access = AccessLevel.ADMIN, since = "0.2", servedDuringRecovery = true)
    void setLogLevel(
            @ApiParam(value = "level", description = "The new level") LoggingLevel level,
            @ApiParam(value = "name", description = "Logger name; empty for the root logger", optional = true,
                    defaultValue = "\"\"", maxLength = 256) String name);
}
