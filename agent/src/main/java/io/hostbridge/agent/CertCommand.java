package io.hostbridge.agent;

import io.hostbridge.agent.config.AgentConfig;
import io.hostbridge.agent.config.ConfigException;
import io.hostbridge.agent.config.Durations;
import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.HostPki;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code hostbridge cert issue --name NAME --access read|write|admin --out DIR [--valid 730d]}: a client certificate
 * signed by the agent's CA (the PKI its configuration names, created first if it is the agent's own and missing),
 * granting that access. Writes {@code DIR/NAME.pem}, {@code DIR/NAME-key.pem} (0600) and {@code DIR/ca.pem}.
 *
 * <p>{@code hostbridge cert issue --host --name HOSTNAME [--address IP]... --out DIR}: a host certificate for another
 * host of the cluster, which configures the three files as its {@code tls.cert}, {@code tls.key} and {@code tls.ca},
 * so that its agent and this one trust each other (migrations).
 */
final class CertCommand {
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(730);
    private static final String USAGE = "hostbridge: usage: hostbridge [--config FILE] cert issue --name NAME"
            + " --access read|write|admin --out DIR [--valid DURATION]\n"
            + "       hostbridge [--config FILE] cert issue --host --name HOSTNAME [--address IP]... --out DIR"
            + " [--valid DURATION]";

    private CertCommand() {
    }

    /** Runs the command; returns the process's exit code (0 done, 1 failed, 2 wrong usage). */
    static int run(String[] args, AgentConfig config, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("issue")) {
            err.println(USAGE);
            return 2;
        }
        String name = null;
        String access = null;
        Path dir = null;
        boolean host = false;
        List<String> addresses = new ArrayList<>();
        Duration validity = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--host")) {
                host = true;
                continue;
            }
            if (i + 1 == args.length) {
                err.println("hostbridge: " + args[i] + " needs a value");
                return 2;
            }
            switch (args[i]) {
                case "--name" -> name = args[++i];
                case "--access" -> access = args[++i];
                case "--address" -> addresses.add(args[++i]);
                case "--out" -> dir = Path.of(args[++i]);
                case "--valid" -> validity = Durations.parse("--valid", args[++i]);
                default -> {
                    err.println("hostbridge: cert issue: unknown option " + args[i]);
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        if (host ? name == null || dir == null || access != null : name == null || access == null || dir == null
                || !addresses.isEmpty()) {
            err.println(host ? "hostbridge: cert issue --host needs --name and --out, and takes no --access (a host"
                    + " has admin access towards other agents of its CA)" : "hostbridge: cert issue needs --name, --access and"
                    + " --out (--address goes with --host)");
            return 2;
        }
        AccessLevel level = null;
        if (!host) {
            try {
                level = AccessLevel.valueOf(access.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("hostbridge: --access: expected read, write or admin, got '" + access + "'");
                return 2;
            }
        }
        try {
            HostPki pki = HostPki.open(Modules.trustSettings(config).pki());
            X509Certificate cert = host
                    ? pki.issueHost(name, addresses, validity == null ? HostPki.HOST_VALIDITY : validity, dir)
                    : pki.issue(name, level, validity == null ? DEFAULT_VALIDITY : validity, dir);
            out.printf("issued %s (%s, serial %s, valid until %s):%n  %s%n  %s%n  %s%n",
                    HostPki.principalOf(cert), host ? "host certificate for " + hostNames(name, addresses)
                            : level.wireName() + " access", cert.getSerialNumber().toString(16),
                    cert.getNotAfter().toInstant(), dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"),
                    dir.resolve(HostPki.CA));
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | ConfigException e) {
            err.println("hostbridge: cert issue: " + e.getMessage());
            return 2;
        } catch (AccessDeniedException e) {
            err.println("hostbridge: cert issue: cannot read or write " + e.getFile()
                    + ": the CA's key is root's (run as root)");
            return 1;
        } catch (IOException e) {
            err.println("hostbridge: cert issue: " + e.getMessage());
            return 1;
        }
    }

    private static String hostNames(String name, List<String> addresses) {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(addresses);
        return String.join(", ", all);
    }
}
