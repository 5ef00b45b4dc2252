package io.hostbridge.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.spi.BrokerLogins.Login;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may use the broker: certificate users, password users, the agent, anonymous when insecure. */
class BrokerUsersTest {
    /** A cheap hash for tests; the real iteration count is for passwords people choose. */
    private static final int FAST = 10_000;

    @TempDir
    Path dir;

    /** Seconds pass only when a test says so, so a changed file is read again exactly then. */
    private final AtomicLong now = new AtomicLong();

    private void aSecondPasses() {
        now.addAndGet(1_100_000_000L);
    }

    @Test
    void aPasswordHashMatchesItsPasswordOnly() {
        String hash = PasswordHash.of("s3cret é".toCharArray(), FAST);
        assertThat(hash).startsWith("pbkdf2-sha256$10000$").doesNotContain("s3cret");
        assertThat(PasswordHash.problem(hash)).isNull();
        assertThat(PasswordHash.matches(hash, "s3cret é")).isTrue();
        assertThat(PasswordHash.matches(hash, "s3cret e")).isFalse();
        assertThat(PasswordHash.matches(hash, "")).isFalse();
        assertThat(PasswordHash.of("s3cret é".toCharArray(), FAST)).as("salted").isNotEqualTo(hash);
        assertThat(PasswordHash.problem("s3cret")).contains("password-hash");
        assertThat(PasswordHash.matches("s3cret", "s3cret")).as("a plain password is no hash").isFalse();
        assertThat(PasswordHash.of(new char[] {'x'})).startsWith("pbkdf2-sha256$600000$");
    }

    @Test
    void anUnknownNameIsCheckedAgainstAHashThatCostsWhatARealOneDoes() {
        assertThat(PasswordHash.problem(PasswordUsers.DUMMY)).isNull();
        assertThat(PasswordUsers.DUMMY).startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$");
        assertThat(PasswordHash.matches(PasswordUsers.DUMMY, "x")).as("made from 'x'").isTrue();
    }

    @Test
    void passwordUsersComeFromTheirFileReadAgainWhenItChanges() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# operators\nwrite engine " + PasswordHash.of("pw1".toCharArray(), FAST) + "\n");
        PasswordUsers users = new PasswordUsers(file, now::get);
        assertThat(users.login("engine", "pw1")).contains(AccessLevel.WRITE);
        assertThat(users.login("engine", "pw2")).isEmpty();
        assertThat(users.login("nobody", "pw1")).isEmpty();
        assertThat(users.level("engine")).contains(AccessLevel.WRITE);

        Files.writeString(file, "read engine " + PasswordHash.of("pw2".toCharArray(), FAST) + "\n");
        aSecondPasses();
        assertThat(users.login("engine", "pw1")).isEmpty();
        assertThat(users.login("engine", "pw2")).contains(AccessLevel.READ);

        Files.delete(file);
        aSecondPasses();
        assertThat(users.level("engine")).as("removed with its file").isEmpty();
        assertThat(new PasswordUsers(null, now::get).login("engine", "pw2")).isEmpty();
    }

    /**
     * The broker asks again, with the same password, before every operation of a password user's connection: a right
     * password is derived once, not per message, until the file changes the user's hash; a wrong one every time.
     */
    @Test
    void aRightPasswordIsDerivedOnceUntilItsHashChangesAndAWrongOneEveryTime() throws Exception {
        Path file = dir.resolve("users");
        String pw1 = PasswordHash.of("pw1".toCharArray(), FAST);
        Files.writeString(file, "write engine " + pw1 + "\n");
        PasswordUsers users = new PasswordUsers(file, now::get);
        for (int i = 0; i < 50; i++) {
            assertThat(users.login("engine", "pw1")).contains(AccessLevel.WRITE);
        }
        assertThat(users.derivations()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(users.login("engine", "pw1 ")).isEmpty();
            assertThat(users.login("nobody", "pw1")).isEmpty();
        }
        assertThat(users.derivations()).as("wrong passwords and unknown names cost a derivation each").isEqualTo(7);
        assertThat(users.login("engine", "pw1")).contains(AccessLevel.WRITE);
        assertThat(users.derivations()).isEqualTo(7);

        Files.writeString(file, "admin engine " + pw1 + "\n");
        aSecondPasses();
        assertThat(users.login("engine", "pw1")).as("the level is the file's now").contains(AccessLevel.ADMIN);
        assertThat(users.derivations()).isEqualTo(7);

        Files.writeString(file, "read engine " + PasswordHash.of("pw2".toCharArray(), FAST) + "\n");
        aSecondPasses();
        assertThat(users.login("engine", "pw1")).as("the old password, once the hash changed").isEmpty();
        assertThat(users.login("engine", "pw2")).contains(AccessLevel.READ);
        assertThat(users.login("engine", "pw2")).contains(AccessLevel.READ);
        assertThat(users.derivations()).isEqualTo(9);

        Files.writeString(file, "");
        aSecondPasses();
        assertThat(users.login("engine", "pw2")).as("removed from the file").isEmpty();
        Files.writeString(file, "read engine " + PasswordHash.of("pw2".toCharArray(), FAST) + "\n");
        aSecondPasses();
        assertThat(users.login("engine", "pw2")).as("back, with a new salt: derived again").contains(AccessLevel.READ);
        assertThat(users.derivations()).isEqualTo(11);
    }

    @Test
    void aWrongUsersFileStopsTheStartNamingTheLineButNeverTheHash() throws Exception {
        String hash = PasswordHash.of("pw".toCharArray(), FAST);
        for (String[] bad : new String[][] {
                {"root engine " + hash, "read, write or admin"},
                {"none engine " + hash, "read, write or admin"},
                {"read CN=engine " + hash, "letters, digits"},
                {"read anonymous " + hash, "not 'anonymous'"},
                {"read engine plaintext-password", "not a password hash"},
                {"read engine", "expected"},
                {"read e " + hash + "\nwrite e " + hash, "listed twice"}}) {
            Path file = dir.resolve("bad");
            Files.writeString(file, bad[0] + "\n");
            assertThatThrownBy(() -> new PasswordUsers(file, now::get)).as(bad[0])
                    .hasMessageContaining(file + " line").hasMessageContaining(bad[1])
                    .hasMessageNotContaining("plaintext-password").hasMessageNotContaining(hash);
        }
    }

    @Test
    void eachCertificateIsAUserOfItsOwnAtItsLevelCheckedOnEveryUse() throws Exception {
        Path denied = dir.resolve("denied");
        Files.writeString(denied, "");
        HostPki pki = HostPki.open(new PkiSettings(dir.resolve("pki"), null, null, null, null, denied, null));
        X509Certificate reader = pki.issue("ops", AccessLevel.READ, Duration.ofDays(1), dir.resolve("c"));
        X509Certificate writer = pki.issue("ops", AccessLevel.WRITE, Duration.ofDays(1), dir.resolve("c2"));
        X509Certificate expired = pki.issue("old", AccessLevel.ADMIN, Duration.ofMinutes(-5), dir.resolve("c3"));
        EmbeddedBrokerUsers users = new EmbeddedBrokerUsers(pki, new PasswordUsers(null, now::get), false);

        Login r = users.certificate(reader).orElseThrow();
        Login w = users.certificate(writer).orElseThrow();
        assertThat(r.name()).isEqualTo("CN=ops,O=hostbridge;serial=" + reader.getSerialNumber().toString(16));
        assertThat(r.name()).isNotEqualTo(w.name());
        assertThat(r.agent()).isFalse();
        assertThat(users.access(r.name())).contains(AccessLevel.READ);
        assertThat(users.access(w.name())).contains(AccessLevel.WRITE);
        assertThat(users.certificate(expired)).isEmpty();
        assertThat(users.access("CN=ops,O=hostbridge")).as("a bare subject is nobody").isEmpty();

        Files.writeString(denied, reader.getSerialNumber().toString(16) + "\n");
        Thread.sleep(1100); // HostPki watches its files on the real clock
        assertThat(users.access(r.name())).as("revoked while logged in").contains(AccessLevel.NONE);
        assertThat(users.certificate(reader)).isEmpty();
        assertThat(users.access(w.name())).contains(AccessLevel.WRITE);

        Login agent = users.certificate(pki.chain().get(0)).orElseThrow();
        assertThat(agent.agent()).isTrue();
        assertThat(users.access(agent.name())).contains(AccessLevel.ADMIN);
    }

    @Test
    void anonymousExistsOnlyWhenInsecureAndPasswordUsersKeepTheirLevel() throws Exception {
        HostPki pki = HostPki.open(PkiSettings.own(dir.resolve("pki")));
        Path file = dir.resolve("users");
        Files.writeString(file, "admin ops " + PasswordHash.of("pw".toCharArray(), FAST) + "\n");
        EmbeddedBrokerUsers secure = new EmbeddedBrokerUsers(pki, new PasswordUsers(file, now::get), false);
        assertThat(secure.anonymous()).isEmpty();
        assertThat(secure.access("anonymous")).isEmpty();
        assertThat(secure.password("ops", "pw")).contains(new Login("ops", false));
        assertThat(secure.password("ops", "nope")).isEmpty();
        assertThat(secure.access("ops")).contains(AccessLevel.ADMIN);

        EmbeddedBrokerUsers insecure = new EmbeddedBrokerUsers(pki, new PasswordUsers(null, now::get), true);
        assertThat(insecure.anonymous()).contains(new Login("anonymous", false));
        assertThat(insecure.access("anonymous")).contains(AccessLevel.ADMIN);
    }

    @Test
    void anExternalBrokersUsersAreMappedByName() throws Exception {
        Path file = dir.resolve("amqp-users");
        Files.writeString(file, "# who the external broker says\nwrite engine\nread CN=Monitor One,O=Example\n");
        MappedBrokerUsers users = new MappedBrokerUsers(file, now::get);
        assertThat(users.access("engine")).contains(AccessLevel.WRITE);
        assertThat(users.access("CN=Monitor One,O=Example")).contains(AccessLevel.READ);
        assertThat(users.access("stranger")).isEmpty();
        assertThat(new MappedBrokerUsers(null, now::get).access("engine")).isEqualTo(Optional.empty());
        Files.writeString(file, "admins engine\n");
        assertThatThrownBy(() -> new MappedBrokerUsers(file, now::get)).hasMessageContaining("line 1");
    }
}
