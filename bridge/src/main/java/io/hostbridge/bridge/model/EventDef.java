package io.hostbridge.bridge.model;

/** One event topic with the type of its payload. */
public record EventDef(String topic, TypeRef payload, String description, String since) {
}
