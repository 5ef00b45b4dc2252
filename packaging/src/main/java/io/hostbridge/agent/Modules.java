package io.hostbridge.agent;

import com.google.inject.Module;
import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.Durations;
import io.hostbridge.binding.rest.RestModule;
import io.hostbridge.binding.rest.RestSettings;
import io.hostbridge.core.CoreModule;
import io.hostbridge.core.CoreSettings;
import io.hostbridge.core.host.HostModule;
import io.hostbridge.events.EventBusSettings;
import io.hostbridge.http.HttpModule;
import io.hostbridge.http.HttpSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the Guice modules from the configuration, before the injector exists: an optional binding is
 * either in the list or not; no module looks at the configuration to decide what to bind.
 */
public final class Modules {
    private Modules() {
    }

    public static List<Module> choose(AgentConfig config, String softwareVersion) {
        List<String> protocols = new ArrayList<>();
        if (config.rest().enabled()) {
            protocols.add("rest");
        }
        List<Module> modules = new ArrayList<>();
        modules.add(new CoreModule(coreSettings(config, protocols, softwareVersion)));
        modules.add(new HostModule());
        if (config.httpNeeded()) {
            modules.add(new HttpModule(httpSettings(config)));
        }
        if (config.rest().enabled()) {
            modules.add(new RestModule(new RestSettings(config.rest().maxEventStreams(),
                    Durations.parse("rest.heartbeatInterval", config.rest().heartbeatInterval()),
                    config.http().maxRequestBytes())));
        }
        return modules;
    }

    private static CoreSettings coreSettings(AgentConfig config, List<String> protocols, String softwareVersion) {
        AgentConfig.Events events = config.events();
        EventBusSettings bus = EventBusSettings.defaults().withReplayWindow(events.replayWindow())
                .withQueueCapacities(events.subscriberQueue(),
                        Math.max(events.subscriberQueue(), EventBusSettings.DEFAULT_MAX_QUEUE_CAPACITY));
        return new CoreSettings(Path.of(config.host().stateDir()), Path.of(config.host().runDir()),
                Durations.parse("host.statsInterval", config.host().statsInterval()), bus, List.copyOf(protocols),
                softwareVersion);
    }

    private static HttpSettings httpSettings(AgentConfig config) {
        AgentConfig.Http http = config.http();
        return new HttpSettings(http.address(), http.port(), http.maxRequestBytes(), http.workerThreads());
    }
}
