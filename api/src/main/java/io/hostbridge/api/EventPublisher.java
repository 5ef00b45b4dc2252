package io.hostbridge.api;

/** Publishes typed events declared with {@link EventTopic}; the payload goes on the bus as a neutral value. */
public interface EventPublisher {

    /** Publishes {@code payload} on {@code topic} about {@code subject}. */
    <T> void publish(EventTopic<T> topic, String subject, T payload);
}
