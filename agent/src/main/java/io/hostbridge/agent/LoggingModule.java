package io.hostbridge.agent;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.hostbridge.api.host.HostLoggingApi;
import io.hostbridge.api.spi.Implementation;

/** Host.setLogLevel: the agent's logging backend is the agent module's choice, so its verb is served from here. */
final class LoggingModule extends AbstractModule {
    @ProvidesIntoSet
    Implementation logLevels() {
        return Implementation.of(HostLoggingApi.class, new LogLevels());
    }
}
