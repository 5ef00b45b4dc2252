package io.hostbridge.trust;

import io.hostbridge.api.AccessLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded broker's password users (SASL PLAIN), from a file of {@code <read|write|admin> <name> <hash>} lines
 * ({@code #} comments; hashes from {@code hostbridge password-hash}), read again when it changes. A name is 1 to 64
 * letters, digits, '.', '_' or '-' (so it never looks like a certificate's subject), and not {@code anonymous}.
 */
final class PasswordUsers {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /**
     * Checked when the name is unknown, so a wrong name costs as long as a wrong password: a hash of "x" made once
     * with {@link PasswordHash#of}, at {@link PasswordHash#ITERATIONS} (a test holds the two equal). A constant, not
     * made when the class loads: that cost every start of the agent some 2 s of PBKDF2 in a JVM not yet compiled.
     */
    static final String DUMMY = "pbkdf2-sha256$600000$YOK/9AzO8QuC1FACYmQpPA$"
            + "/rSbzCLbktFd2gUsVnsRliVDfHxtTo2uNmoVp/vB8ic";

    record User(AccessLevel level, String hash) {
    }

    /** A password found right for a user's hash: as a keyed digest, never as itself. */
    private record Verified(String hash, byte[] digest) {
    }

    private final Optional<WatchedFile<Map<String, User>>> file;
    /**
     * The last password found right, per user of the file who logged in (an entry goes when a login finds its user
     * gone from the file, so there are never more than the names the file has held). The broker asks again before every
     * operation of a connection, with the password it logged in with: without this, each message a password user
     * sends cost a full PBKDF2 derivation (some 0.5 s of CPU here). A wrong password is never remembered, and a
     * changed hash in the file makes the next login derive again.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** The key of the digests: this process's own, so they are worth nothing outside it. */
    private final SecretKeySpec digestKey;
    private final LongAdder derivations = new LongAdder();

    /** @param path the file, or null for no password users */
    PasswordUsers(Path path, LongSupplier clock) throws IOException {
        this.file = path == null ? Optional.empty()
                : Optional.of(new WatchedFile<>(path, bytes -> parse(bytes, path), Map.of(), clock));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.digestKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The level of {@code name} when {@code password} is right. */
    Optional<AccessLevel> login(String name, String password) {
        User user = file.map(f -> f.get().get(name)).orElse(null);
        if (user == null) {
            verified.remove(name);
            derive(DUMMY, password);
            return Optional.empty();
        }
        byte[] digest = digest(password);
        Verified known = verified.get(name);
        if (known != null && known.hash().equals(user.hash()) && MessageDigest.isEqual(known.digest(), digest)) {
            return Optional.of(user.level());
        }
        if (!derive(user.hash(), password)) {
            return Optional.empty();
        }
        verified.put(name, new Verified(user.hash(), digest));
        return Optional.of(user.level());
    }

    /** How many PBKDF2 derivations logins have made so far. */
    long derivations() {
        return derivations.sum();
    }

    private boolean derive(String hash, String password) {
        derivations.increment();
        return PasswordHash.matches(hash, password);
    }

    private byte[] digest(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    /** The level of {@code name} now (a user removed from the file has none). */
    Optional<AccessLevel> level(String name) {
        return file.map(f -> f.get().get(name)).map(User::level);
    }

    private static Map<String, User> parse(byte[] bytes, Path path) throws IOException {
        Map<String, User> users = new HashMap<>();
        int n = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] parts = s.split("\\s+");
            String where = path + " line " + n + ": ";
            if (parts.length != 3) {
                throw new IOException(where + "expected '<read|write|admin> <name> <password hash>'");
            }
            AccessLevel level;
            try {
                level = AccessLevel.valueOf(parts[0].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                level = AccessLevel.NONE;
            }
            if (level == AccessLevel.NONE) {
                throw new IOException(where + "the level is read, write or admin");
            }
            if (!NAME.matcher(parts[1]).matches() || parts[1].equals(EmbeddedBrokerUsers.ANONYMOUS)) {
                throw new IOException(where + "a name is 1 to 64 letters, digits, '.', '_' or '-' (not 'anonymous')");
            }
            String problem = PasswordHash.problem(parts[2]);
            if (problem != null) {
                // the line is not repeated: it holds a hash
                throw new IOException(where + "not a password hash: " + problem);
            }
            if (users.put(parts[1], new User(level, parts[2])) != null) {
                throw new IOException(where + "'" + parts[1] + "' is listed twice");
            }
        }
        return Map.copyOf(users);
    }
}
