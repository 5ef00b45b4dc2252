package io.hostbridge.core.host;

import io.hostbridge.api.host.NicInfo;
import io.hostbridge.core.SysFiles;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oshi.hardware.NetworkIF;

/** Turns OSHI's view of a network interface, or sysfs's where OSHI has none, into the API's. */
final class Nics {

    private static final Path SYS_NET = Path.of("/sys/class/net");

    private Nics() {
    }

    static NicInfo info(NetworkIF nic) {
        return new NicInfo(hwaddr(nic), (int) Math.min(Integer.MAX_VALUE, Math.max(0, nic.getMTU())), speedMbps(nic),
                withPrefixes(nic.getIPv4addr(), nic.getSubnetMasks(), false),
                withPrefixes(nic.getIPv6addr(), nic.getPrefixLengths(), true), state(nic));
    }

    /** An interface OSHI does not list, from its sysfs directory. */
    static NicInfo info(Path sysDir) {
        return new NicInfo(SysFiles.value(sysDir.resolve("address")).orElse("").toLowerCase(Locale.ROOT),
                (int) Math.min(Integer.MAX_VALUE, number(sysDir.resolve("mtu"))), number(sysDir.resolve("speed")),
                List.of(), List.of(), state(sysDir));
    }

    static NicSample sample(NetworkIF nic) {
        // OSHI counts no transmit drops: sysfs has them (0 where there is no sysfs)
        return new NicSample(nic.getName(), nic.getBytesRecv(), nic.getBytesSent(), nic.getInErrors(),
                nic.getOutErrors(), nic.getInDrops(),
                number(SYS_NET.resolve(nic.getName()).resolve("statistics").resolve("tx_dropped")), speedMbps(nic),
                state(nic));
    }

    static NicSample sample(Path sysDir) {
        Path stats = sysDir.resolve("statistics");
        return new NicSample(sysDir.getFileName().toString(), number(stats.resolve("rx_bytes")),
                number(stats.resolve("tx_bytes")), number(stats.resolve("rx_errors")),
                number(stats.resolve("tx_errors")), number(stats.resolve("rx_dropped")),
                number(stats.resolve("tx_dropped")), number(sysDir.resolve("speed")), state(sysDir));
    }

    /** OSHI reports bits per second (0 or less when unknown). */
    private static long speedMbps(NetworkIF nic) {
        return Math.max(0, nic.getSpeed()) / 1_000_000;
    }

    private static String state(NetworkIF nic) {
        return nic.getIfOperStatus().name().toLowerCase(Locale.ROOT);
    }

    /** sysfs operstate, spelled as OSHI's names are ("lower_layer_down"), so both sources agree. */
    private static String state(Path sysDir) {
        String state = SysFiles.value(sysDir.resolve("operstate")).orElse("unknown").toLowerCase(Locale.ROOT);
        return switch (state) {
            case "lowerlayerdown" -> "lower_layer_down";
            case "notpresent" -> "not_present";
            default -> state;
        };
    }

    /** A counter or size from sysfs; 0 when absent or unknown (speed is -1 or unreadable on a link that is down). */
    private static long number(Path file) {
        try {
            return Math.max(0, Long.parseLong(SysFiles.value(file).orElse("0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String hwaddr(NetworkIF nic) {
        String mac = nic.getMacaddr();
        if (mac == null || mac.isBlank() || "unknown".equalsIgnoreCase(mac)) {
            // OSHI has none for loopback; sysfs says 00:00:00:00:00:00 as VDSM reports it
            mac = SysFiles.value(SYS_NET.resolve(nic.getName()).resolve("address")).orElse("");
        }
        return mac.toLowerCase(Locale.ROOT);
    }

    private static List<String> withPrefixes(String[] addresses, Short[] prefixes, boolean ipv6) {
        List<String> out = new ArrayList<>(addresses.length);
        for (int i = 0; i < addresses.length; i++) {
            String address = ipv6 ? compressIpv6(addresses[i]) : addresses[i];
            out.add(i < prefixes.length && prefixes[i] != null ? address + "/" + prefixes[i] : address);
        }
        return out;
    }

    /** {@code fe80:0:0:0:fc:ff:fe00:1} (Java's spelling) as {@code fe80::fc:ff:fe00:1} (RFC 5952, as ip(8)). */
    static String compressIpv6(String address) {
        String literal = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
        byte[] bytes;
        try {
            // a literal: no name lookup happens
            InetAddress parsed = InetAddress.getByName(literal.startsWith("[") ? literal : "[" + literal + "]");
            if (!(parsed instanceof Inet6Address)) {
                return literal;
            }
            bytes = parsed.getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return literal;
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
