package io.hostbridge.bridge;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.EventTopic;
import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiNamespace;
import io.hostbridge.api.annotation.ApiParam;
import io.hostbridge.api.annotation.ApiType;
import io.hostbridge.api.annotation.ApiVerb;
import io.hostbridge.api.annotation.WireName;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A namespace exercising every kind of parameter, for the bridge's own tests. */
@ApiNamespace(value = "Sample", description = "Test namespace")
public interface SampleApi {

    EventTopic<Machine> CHANGED = EventTopic.of("sample.changed", Machine.class, "A machine changed", "0.1");

    @ApiType(description = "Power state")
    enum Power {
        @WireName("Powering up") POWERING_UP,
        @WireName("Up") UP
    }

    @ApiType(description = "A disk")
    record Disk(@ApiField(description = "Path", maxLength = 64) String path,
                @ApiField(description = "Size", unit = "bytes", min = 1) long size) {
    }

    @ApiType(description = "A machine")
    record Machine(@ApiField(description = "Id") UUID id,
                   @ApiField(description = "Memory", unit = "MiB", min = 16, max = 65536) int memSize,
                   @ApiField(description = "Disks", optional = true) List<Disk> disks,
                   @ApiField(description = "State", optional = true) Power power,
                   @ApiField(description = "Free-form", optional = true, maxItems = 3, maxKeyLength = 8, maxLength = 16)
                   Map<String, String> custom) {
        public Machine {
            if (disks != null && disks.size() > 4) {
                throw new IllegalArgumentException("at most 4 disks");
            }
        }
    }

    @ApiVerb(description = "Echo a machine", access = AccessLevel.WRITE, since = "0.1", errors = ErrorCode.EXIST)
    Machine create(@ApiParam(value = "vmID", description = "Id") UUID vmID,
                   @ApiParam(value = "vmParams", description = "Params") Machine vmParams);

    @ApiVerb(description = "Adds", access = AccessLevel.READ, since = "0.1", servedDuringRecovery = true)
    long add(@ApiParam(value = "a", description = "a", min = 0, max = 1000) int a,
             @ApiParam(value = "b", description = "b", optional = true, defaultValue = "5") long b);

    @ApiVerb(description = "Nothing", access = AccessLevel.READ, since = "0.1")
    void nothing();

    @ApiVerb(description = "Fails", access = AccessLevel.READ, since = "0.1")
    String fail(@ApiParam(value = "how", description = "internal or expected") String how);

    @ApiVerb(description = "Counts", access = AccessLevel.READ, since = "0.1")
    int count(@ApiParam(value = "names", description = "names", maxItems = 2, maxLength = 5) List<String> names);

    @ApiVerb(description = "Takes anything", access = AccessLevel.ADMIN, since = "0.1")
    Object any(@ApiParam(value = "value", description = "anything", optional = true) Object value,
               @ApiParam(value = "flag", description = "a flag", optional = true) Boolean flag,
               @ApiParam(value = "ratio", description = "a number", optional = true) Double ratio,
               @ApiParam(value = "password", description = "a secret", optional = true) String password);
}
