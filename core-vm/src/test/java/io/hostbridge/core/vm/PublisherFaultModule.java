package io.hostbridge.core.vm;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import io.hostbridge.api.EventPublisher;
import io.hostbridge.bridge.CodecEventPublisher;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBus;
import java.util.function.UnaryOperator;

/**
 * The bridge's bindings with its real event publisher wrapped by a test, so that publishing can fail as it does
 * in the agent when the event sequence cannot be reserved (a full or read-only state directory).
 */
final class PublisherFaultModule extends AbstractModule {
    private final Module bridge;
    private final UnaryOperator<EventPublisher> wrapper;

    PublisherFaultModule(Module bridge, UnaryOperator<EventPublisher> wrapper) {
        this.bridge = bridge;
        this.wrapper = wrapper;
    }

    @Override
    protected void configure() {
        install(Modules.override(bridge).with(new Wrapped(wrapper)));
    }

    private static final class Wrapped extends AbstractModule {
        private final UnaryOperator<EventPublisher> wrapper;

        Wrapped(UnaryOperator<EventPublisher> wrapper) {
            this.wrapper = wrapper;
        }

        @Provides
        @Singleton
        EventPublisher eventPublisher(ApiModel model, EventBus bus) {
            return wrapper.apply(new CodecEventPublisher(model, bus));
        }
    }
}
