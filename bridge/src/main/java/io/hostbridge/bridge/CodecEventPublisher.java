package io.hostbridge.bridge;

import io.hostbridge.api.EventPublisher;
import io.hostbridge.api.EventTopic;
import io.hostbridge.bridge.model.ApiModel;
import io.hostbridge.events.EventBus;

/** Publishes typed events after checking that their topic is declared in the API. */
public final class CodecEventPublisher implements EventPublisher {
    private final ApiModel model;
    private final ValueCodec codec;
    private final EventBus bus;

    public CodecEventPublisher(ApiModel model, EventBus bus) {
        this(model, new ValueCodec(model), bus);
    }

    public CodecEventPublisher(ApiModel model, ValueCodec codec, EventBus bus) {
        this.model = model;
        this.codec = codec;
        this.bus = bus;
    }

    @Override
    public <T> void publish(EventTopic<T> topic, String subject, T payload) {
        if (!model.events().containsKey(topic.name())) {
            throw new IllegalArgumentException("event topic not declared in the API: " + topic.name());
        }
        bus.publish(topic.name(), subject, codec.encode(payload));
    }
}
