package io.hostbridge.bridge.stream;

/**
 * A binding's offer, made with a call's {@link io.hostbridge.bridge.Transport}, to carry streams on the
 * caller's connection: when a verb called through that transport opens a stream, the bridge attaches it here
 * before the call returns, so that the binding routes the caller's packets to it from the first one.
 */
@FunctionalInterface
public interface StreamPorts {

    /**
     * Takes a stream the call opened: route the caller's packets naming {@link AttachedStream#id()} to
     * {@link AttachedStream#receive}, and return where the stream's packets to the caller go. The binding must
     * not let those packets reach the caller before the call's own reply does.
     */
    StreamPort attach(AttachedStream stream);
}
