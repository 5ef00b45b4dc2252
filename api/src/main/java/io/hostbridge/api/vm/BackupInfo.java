package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.Map;

@ApiType(description = "A running backup (VDSM's BackupInfo): each disk's NBD URL, for an image ticket's url")
public record BackupInfo(
        @ApiField(description = "imageID -> nbd:unix:<socket>:exportname=<disk>") Map<String, String> disks,
        @ApiField(description = "The checkpoint's XML, when one was named", optional = true) String checkpoint) {
}
