package io.hostbridge.api;

import io.hostbridge.events.Event;

/** Publishes typed events declared with {@link EventTopic}; the payload goes on the bus as a neutral value. */
public interface EventPublisher {

    /** Publishes {@code payload} on {@code topic} about {@code subject} and returns the event as published. */
    <T> Event publish(EventTopic<T> topic, String subject, T payload);
}
