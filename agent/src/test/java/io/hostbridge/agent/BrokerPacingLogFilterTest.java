package io.hostbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

/** The agent's own logback.xml, as the distribution runs it, on the broker's warnings. */
class BrokerPacingLogFilterTest {

    @Test
    void theBrokersBlockingWarningsAreDroppedAndItsOtherWarningsKept() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
        Logger broker = context.getLogger("org.apache.activemq.artemis.core.server");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
        try {
            // the format strings Artemis 2.55 passes (ActiveMQServerLogger_impl)
            broker.warn("AMQ222183: Blocking message production on address '{}'; {}", "hostbridge.host.h1",
                    "size=8420128 bytes (32 messages)");
            broker.warn("AMQ222010: Critical IO Error, shutting down the server. file={}, message={}", "f", "m");
            context.getLogger("io.hostbridge.other").warn("AMQ222183 quoted by someone else");
            assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "AMQ222010: Critical IO Error, shutting down the server. file=f, message=m",
                    "AMQ222183 quoted by someone else");
        } finally {
            context.stop();
        }
    }
}
