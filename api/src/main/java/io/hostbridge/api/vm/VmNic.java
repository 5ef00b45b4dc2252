package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;
import java.util.regex.Pattern;

/** One network interface of a VM. */
@ApiType(description = "A network interface: user-mode networking or a host bridge")
public record VmNic(
        @ApiField(description = "user or bridge") NicType type,
        @ApiField(description = "Host bridge to attach to; required for type bridge", optional = true, maxLength = 15)
        String bridge,
        @ApiField(description = "Device model the guest sees; default virtio", optional = true, maxLength = 32)
        String nicModel,
        @ApiField(description = "MAC address (xx:xx:xx:xx:xx:xx); generated when absent", optional = true,
                maxLength = 17) String macAddr) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern MODEL = Pattern.compile("[a-z0-9_-]+");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    public VmNic {
        if (type == NicType.BRIDGE && bridge == null) {
            throw new IllegalArgumentException("'bridge' is required for a NIC of type bridge");
        }
        if (type != NicType.BRIDGE && bridge != null) {
            throw new IllegalArgumentException("'bridge' is only for a NIC of type bridge");
        }
        if (bridge != null && !NAME.matcher(bridge).matches()) {
            throw new IllegalArgumentException("'bridge' must be an interface name (letters, digits, _ . : -)");
        }
        if (nicModel != null && !MODEL.matcher(nicModel).matches()) {
            throw new IllegalArgumentException("'nicModel' must be lower-case letters, digits, _ or -");
        }
        if (macAddr != null && !MAC.matcher(macAddr).matches()) {
            throw new IllegalArgumentException("'macAddr' must look like 52:54:00:12:34:56");
        }
        if (macAddr != null && (Integer.parseInt(macAddr.substring(0, 2), 16) & 1) != 0) {
            throw new IllegalArgumentException("'macAddr' must be a unicast address (first octet even)");
        }
    }
}
