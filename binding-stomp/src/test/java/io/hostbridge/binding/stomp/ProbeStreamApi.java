package io.hostbridge.binding.stomp;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.stream.StreamHandler;
import io.hostbridge.api.stream.StreamMode;

/** Test verbs: a stream in that keeps what it gets, a stream out of made-up bytes, and a quick call. */
@ApiNamespace(value = "Probe", description = "Test verbs")
public interface ProbeStreamApi {

    @ApiVerb(description = "Keeps the caller's data (holes as zeros) under a name", access = AccessLevel.WRITE,
            since = "0.1", stream = StreamMode.IN)
    StreamHandler sink(@ApiParam(value = "name", description = "where the data is kept") String name);

    @ApiVerb(description = "Sends size bytes of a pattern, then a hole", access = AccessLevel.READ, since = "0.1",
            stream = StreamMode.OUT)
    StreamHandler source(@ApiParam(value = "size", description = "bytes of data") long size,
                         @ApiParam(value = "hole", description = "length of the hole after them") long hole);

    @ApiVerb(description = "Answers true", access = AccessLevel.READ, since = "0.1")
    boolean ping();
}
