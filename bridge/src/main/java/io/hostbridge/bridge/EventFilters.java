package io.hostbridge.bridge;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.events.TopicFilter;

/** Decodes a caller's topic filter the same way for every verb and binding. */
public final class EventFilters {
    private EventFilters() {
    }

    /**
     * Parses comma-separated topic patterns (all topics when null or blank).
     *
     * @param parameter the parameter's name, for the error
     * @throws BridgeException {@link ErrorCode#INVALID_PARAMETER} naming {@code parameter} and the rule
     */
    public static TopicFilter parse(String parameter, String topics) {
        try {
            return TopicFilter.parse(topics);
        } catch (IllegalArgumentException e) {
            throw BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, parameter,
                    "Invalid parameter '" + parameter + "': " + e.getMessage());
        }
    }
}
