package io.hostbridge.binding.amqp;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;

/** A namespace for the agent's tests: a quick verb, a counted one, and one that runs until released. */
@ApiNamespace(value = "Probe", description = "Test verbs")
public interface ProbeApi {

    @ApiVerb(description = "Returns its argument", access = AccessLevel.READ, since = "0.1")
    String echo(@ApiParam(value = "text", description = "anything") String text);

    @ApiVerb(description = "Counts its calls per key; returns the count", access = AccessLevel.WRITE, since = "0.1")
    long touch(@ApiParam(value = "key", description = "counter") String key);

    @ApiVerb(description = "Counts its calls per key, then waits until the test opens the key's gate",
            access = AccessLevel.WRITE, since = "0.1")
    long hold(@ApiParam(value = "key", description = "counter and gate") String key);
}
