package io.hostbridge.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps the embedded broker's pacing out of the log. Artemis warns (AMQ222183, "Blocking message production on
 * address") each time an address reaches its size limit and it stops giving its senders credit. For the agent's
 * addresses that is flow control doing its work: a client that uploads faster than the agent writes meets it several
 * times a second (some 2,400 warnings in one benchmark run of a few minutes), and so does a download read slowly.
 * The broker's other warnings stay. Installed by logback.xml.
 */
public final class BrokerPacingLogFilter extends TurboFilter {
    static final String BLOCKING = "AMQ222183";
    private static final String BROKER = "org.apache.activemq.artemis";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return format != null && format.startsWith(BLOCKING) && logger.getName().startsWith(BROKER) ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
