package io.hostbridge.binding.imageio;

import io.netty.buffer.ByteBuf;

/**
 * One request of imageio's data protocol, from its head to its reply: what {@link DataRequests} hands a decoded
 * request to. Methods run on the connection's request thread, one request at a time; any of them may throw a
 * {@link io.hostbridge.api.transfer.TransferException}, which the decoder answers.
 */
interface DataOperation {

    /** Its name in the access log and metrics, e.g. {@code images.put}. */
    String name();

    /** The head arrived: answer now, or expect the body. */
    void start(Exchange exchange);

    /** Body bytes of the request (only after {@link Exchange#readBody()}). */
    default void content(Exchange exchange, ByteBuf bytes) {
    }

    /** The body ended (only after {@link Exchange#readBody()}). */
    default void end(Exchange exchange) {
    }

    /** The request failed or the connection closed: let go of what it holds; never throws. */
    default void abort() {
    }
}
