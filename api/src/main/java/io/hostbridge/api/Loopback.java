package io.hostbridge.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a configured address is loopback: where the insecure listeners ({@code *.insecure}) may be. */
public final class Loopback {
    private Loopback() {
    }

    /** True for a loopback address or a name resolving to one; false for null, others and unresolvable names. */
    public static boolean is(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
