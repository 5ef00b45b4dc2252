package io.hostbridge.bridge;

/**
 * A call that has passed the pipeline's way in and whose work the binding does itself, over several steps
 * (an image data request reading or writing a body): end it exactly once.
 */
public interface OpenCall {

    /** The caller and flow id the work runs with. */
    CallContext context();

    /** Ends the call as a success. */
    void succeeded();

    /**
     * Ends the call as a failure; returns what to report to the caller: a {@link io.hostbridge.api.BridgeException}
     * or {@link io.hostbridge.api.transfer.TransferException} whose message is safe to send (an unexpected
     * failure is logged under an error id and only the id is in the message).
     */
    RuntimeException failed(Throwable failure);
}
