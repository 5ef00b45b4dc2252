package io.hostbridge.core.vm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one logger (and those below it) logs at WARN or above while open. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** Each WARN or ERROR line so far: its message with the exception's class and message, if any. */
    List<String> warnings() {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                            : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
