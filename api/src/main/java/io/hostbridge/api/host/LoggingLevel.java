package io.hostbridge.api.host;

import io.hostbridge.api.annotation.ApiType;

/** VDSM's logging levels (Python's names); CRITICAL and CRIT log as ERROR, WARNING and WARN as WARN. */
@ApiType(description = "A logging level by VDSM's (Python's) names: DEBUG, INFO, WARNING or WARN, ERROR, CRITICAL or"
        + " CRIT (the agent logs CRITICAL as ERROR)")
public enum LoggingLevel {
    DEBUG,
    INFO,
    WARNING,
    WARN,
    ERROR,
    CRITICAL,
    CRIT
}
