package io.hostbridge.binding.stomp;

/**
 * A frame the agent cannot take: it answers ERROR with this message and closes the connection. Messages say what
 * is wrong in the client's terms and never quote a body.
 */
final class StompException extends Exception {
    StompException(String message) {
        super(message, null, false, false);
    }
}
