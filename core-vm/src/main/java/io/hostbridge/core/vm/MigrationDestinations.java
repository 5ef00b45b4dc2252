package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a VM may migrate to. A libvirt URI is a small program: its transport may run a command ({@code ext},
 * {@code ?command=}), its parameters open sockets and files ({@code socket}, {@code netcat}, {@code keyfile},
 * {@code known_hosts}, {@code pkipath}), weaken checks ({@code no_verify}) or are passed to the remote daemon
 * unread ({@code name} and any unknown one). So only an allow-list passes: the QEMU driver over tls, tcp, ssh or the
 * local unix socket, a plain host, {@code /system} or {@code /session}, and no parameter but {@code socket} on the
 * unix transport, naming a libvirt daemon's socket under {@code /run} (docs/security.md).
 */
@Singleton
final class MigrationDestinations {
    /** Transports that need a host, and the one that must not have one ({@code qemu} alone may do either). */
    private static final Set<String> REMOTE = Set.of("qemu+tls", "qemu+tcp", "qemu+ssh");
    private static final Set<String> PATHS = Set.of("/system", "/session");
    /** The sockets libvirt's daemons listen on: libvirtd, the modular QEMU daemon, the proxy daemon. */
    private static final Set<String> SOCKETS = Set.of("libvirt-sock", "virtqemud-sock", "virtproxyd-sock");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern SOCKET_PARAM = Pattern.compile("socket=(/[A-Za-z0-9._/-]{1,255})");
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** Where libvirt's daemons keep their sockets: /run/libvirt (system), /run/user/UID/libvirt (sessions). */
    static final Path RUN = Path.of("/run");

    private final Path run;

    @Inject
    MigrationDestinations() {
        this(RUN);
    }

    /** With another run directory, for tests. */
    MigrationDestinations(Path run) {
        this.run = run;
    }

    /** Refuses {@code dst} unless it is host:port (no scheme, user, path). */
    void checkAgent(String dst, String parameter) {
        int colon = dst.lastIndexOf(':');
        if (colon <= 0 || !validPort(dst.substring(colon + 1)) || !validHost(dst.substring(0, colon))) {
            throw invalid(parameter, "must be host:port of the destination agent (a host name, an IPv4 address or"
                    + " an [IPv6] address, and a port 1-65535), nothing else");
        }
    }

    /** Refuses a libvirt URI outside the allow-list; {@code parameter} names it in the error. */
    void checkLibvirtUri(String text, String parameter) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(parameter, "is not a URI");
        }
        String scheme = uri.getScheme();
        boolean unix = "qemu+unix".equals(scheme);
        if (scheme == null || !unix && !"qemu".equals(scheme) && !REMOTE.contains(scheme)) {
            throw invalid(parameter, "transport must be one of qemu, qemu+tls, qemu+tcp, qemu+ssh, qemu+unix");
        }
        if (uri.getRawFragment() != null || !PATHS.contains(uri.getRawPath())) {
            throw invalid(parameter, "path must be /system or /session, with no fragment");
        }
        checkAuthority(uri, scheme, unix, parameter);
        checkQuery(uri.getRawQuery(), unix, parameter);
    }

    private static void checkAuthority(URI uri, String scheme, boolean unix, String parameter) {
        if (uri.getRawAuthority() == null) {
            if (REMOTE.contains(scheme)) {
                throw invalid(parameter, scheme + " needs a host");
            }
            return;
        }
        if (unix) {
            throw invalid(parameter, "qemu+unix reaches this host's own daemon: no host");
        }
        if (uri.getHost() == null || !validHost(uri.getHost()) || uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw invalid(parameter, "must name a host by its name or address, with an optional port 1-65535");
        }
        String user = uri.getRawUserInfo();
        if (user != null && (!"qemu+ssh".equals(scheme) || !USER.matcher(user).matches())) {
            throw invalid(parameter, "a user name is accepted only with qemu+ssh, of letters, digits, '.', '_', '-'");
        }
    }

    private void checkQuery(String query, boolean unix, String parameter) {
        if (query == null) {
            return;
        }
        var socket = SOCKET_PARAM.matcher(query);
        if (!unix || !socket.matches()) {
            throw invalid(parameter, "the only parameter accepted is socket=, with qemu+unix; parameters that run"
                    + " programs, open files or sockets, or weaken checks are refused");
        }
        if (!isLibvirtSocket(Path.of(socket.group(1)))) {
            throw invalid(parameter, "socket= must name a libvirt daemon's socket (" + String.join(", ", SOCKETS)
                    + ") in a directory named libvirt under " + run);
        }
    }

    /** The real path is a unix socket named as libvirt names them, in {@code <run>/…/libvirt/}. */
    private boolean isLibvirtSocket(Path socket) {
        try {
            Path real = socket.toRealPath();
            Path dir = real.getParent();
            int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK && SOCKETS.contains(real.getFileName().toString())
                    && dir != null && "libvirt".equals(dir.getFileName().toString())
                    && real.startsWith(run.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static boolean validHost(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            if (!IPV6.matcher(host.substring(1, host.length() - 1)).matches()) {
                return false; // zone ids (%eth0) and anything but an address
            }
            try {
                return InetAddress.getByName(host) != null; // in brackets: parsed as IPv6, never looked up
            } catch (UnknownHostException e) {
                return false;
            }
        }
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean validPort(String port) {
        if (!port.matches("[0-9]{1,5}")) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65_535;
    }

    private static BridgeException invalid(String parameter, String rule) {
        return BridgeException.forParameter(ErrorCode.INVALID_PARAMETER, parameter, "Invalid parameter '" + parameter
                + "': " + rule);
    }
}
