package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.List;

@ApiType(description = "What VM.redefine_checkpoints or VM.delete_checkpoints did (VDSM's CheckpointsResponse): the"
        + " checkpoints done in order, and the error that stopped it, if one did")
public record CheckpointsResult(
        @ApiField(name = "checkpoint_ids", description = "The checkpoints done, in order") List<String> checkpointIds,
        @ApiField(description = "Why it stopped before the rest", optional = true) Failure error) {

    @ApiType(description = "An error that stopped a checkpoint operation")
    public record Failure(
            @ApiField(description = "The error code (1610: checkpoint error)") int code,
            @ApiField(description = "What went wrong") String message) {
    }
}
