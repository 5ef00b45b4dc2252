package io.hostbridge.binding.amqp;

import jakarta.jms.Destination;
import java.time.Duration;

/**
 * Makes each request's {@link CallStreams}: the agent's route table, its connection's sessions, its time limit, and
 * the user it claims on the packets it sends.
 */
record StreamCarrier(StreamRoutes routes, CallStreams.Sessions sessions, Duration timeout, OwnUser self) {

    /** @param user the request's validated broker user, or null */
    CallStreams forCall(String user, Destination replyTo) {
        return new CallStreams(routes, sessions, timeout, self, user, replyTo);
    }
}
