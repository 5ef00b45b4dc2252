package io.hostbridge.tests;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.trust.HostPki;
import io.hostbridge.trust.PkiSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One CA for two agents on this machine, as the hosts of a cluster share one (docs/security.md, "Several hosts: one
 * CA"): the first agent's own PKI, a host certificate it issues for the second (for 127.0.0.1, what {@code dst}
 * names), and an admin client certificate for the test. Removed when the JVM exits.
 */
final class ClusterPki {
    private final Path dir;

    ClusterPki() {
        try {
            dir = Files.createTempDirectory("hostbridge-cluster");
            HostPki first = HostPki.open(PkiSettings.own(dir.resolve("first")));
            first.issueHost("localhost", List.of("127.0.0.1"), Duration.ofDays(1), dir.resolve("second"));
            first.issue("tester", AccessLevel.ADMIN, Duration.ofDays(1), dir.resolve("client"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::remove));
    }

    /** The first agent's settings, {@code more} added: TLS with its own PKI. */
    Map<String, String> firstAgent(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        all.put("http.insecure", "false");
        all.put("tls.dir", dir.resolve("first").toString());
        return all;
    }

    /** The second agent's settings, {@code more} added: TLS with the host certificate the first one's CA issued. */
    Map<String, String> secondAgent(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        Path second = dir.resolve("second");
        all.put("http.insecure", "false");
        all.put("tls.ca", second.resolve(HostPki.CA).toString());
        all.put("tls.cert", second.resolve("localhost.pem").toString());
        all.put("tls.key", second.resolve("localhost-key.pem").toString());
        return all;
    }

    /** A client of both agents: the tester's admin certificate, trusting the CA. */
    HttpClient client() {
        Path client = dir.resolve("client");
        try {
            return Http.client(HostPki.open(new PkiSettings(null, client.resolve(HostPki.CA),
                    client.resolve("tester.pem"), client.resolve("tester-key.pem"), null, null, null)).client());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remove() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
