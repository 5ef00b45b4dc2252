package io.hostbridge.binding.amqp;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamMode;

/**
 * A namespace for the agent's tests: a quick verb, a counted one, one that runs until released, and data streams
 * both ways.
 */
@ApiNamespace(value = "Probe", description = "Test verbs")
public interface ProbeApi {

    @ApiVerb(description = "Returns its argument", access = AccessLevel.READ, since = "0.1")
    String echo(@ApiParam(value = "text", description = "anything") String text);

    @ApiVerb(description = "Counts its calls per key; returns the count", access = AccessLevel.WRITE, since = "0.1")
    long touch(@ApiParam(value = "key", description = "counter") String key);

    @ApiVerb(description = "Counts its calls per key, then waits until the test opens the key's gate",
            access = AccessLevel.WRITE, since = "0.1")
    long hold(@ApiParam(value = "key", description = "counter and gate") String key);

    @ApiVerb(description = "Takes a stream of data and holes into the key's sink; its handler waits at each packet"
            + " while the key's tap is closed", access = AccessLevel.WRITE, since = "0.1", stream = StreamMode.IN)
    StreamHandler sink(@ApiParam(value = "key", description = "sink") String key);

    @ApiVerb(description = "Sends bytes of a known pattern in writes of 1 MiB, then a hole, then ends",
            access = AccessLevel.READ, since = "0.1", stream = StreamMode.OUT)
    StreamHandler source(@ApiParam(value = "bytes", description = "data bytes") long bytes,
                         @ApiParam(value = "hole", description = "hole bytes after the data, 0 for none") long hole);
}
