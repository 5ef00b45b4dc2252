package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.UUID;

@ApiType(description = "A libvirt secret for VM disks (VDSM's SecretInfo): its value is never logged or returned")
public record SecretInfo(
        @ApiField(description = "The secret's id") UUID uuid,
        @ApiField(description = "What uses it: ceph, iscsi or volume", maxLength = 8) String usageType,
        @ApiField(description = "Its usage id (e.g. a Ceph client name)", maxLength = 256) String usageID,
        @ApiField(description = "The value, base64", maxLength = 65_536) String password,
        @ApiField(description = "A description", optional = true, maxLength = 256) String description) {

    public SecretInfo {
        if (!java.util.Set.of("ceph", "iscsi", "volume").contains(usageType)) {
            throw new IllegalArgumentException("'usageType' must be ceph, iscsi or volume");
        }
        try {
            java.util.Base64.getDecoder().decode(password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'password' must be base64"); // the value is never echoed
        }
    }

    /** No value in the text: a record's default toString would print it. */
    @Override
    public String toString() {
        return "SecretInfo[uuid=" + uuid + ", usageType=" + usageType + ", usageID=" + usageID + "]";
    }
}
