package io.hostbridge.bridge.stream;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamMode;

/** A namespace with one verb per stream direction, for the stream runtime's tests. */
@ApiNamespace(value = "Data", description = "Test streams")
public interface DataApi {

    @ApiVerb(description = "Takes the caller's data", access = AccessLevel.WRITE, since = "0.1", stream = StreamMode.IN)
    StreamHandler upload(@ApiParam(value = "script", description = "the test's handler") String script);

    @ApiVerb(description = "Sends data to the caller", access = AccessLevel.READ, since = "0.1",
            stream = StreamMode.OUT)
    StreamHandler download(@ApiParam(value = "script", description = "the test's handler") String script);

    @ApiVerb(description = "Both ways", access = AccessLevel.WRITE, since = "0.1", stream = StreamMode.BOTH)
    StreamHandler console(@ApiParam(value = "script", description = "the test's handler") String script);
}
