package io.hostbridge.trust;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for configuration files: PBKDF2 with HMAC-SHA256 (the JDK's), a random 16-byte salt and 600,000
 * iterations (OWASP's advice for this function), written {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} with
 * base64 salt and hash. The iteration count travels with the hash, so it can be raised without breaking old ones.
 */
public final class PasswordHash {
    static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** The hash of {@code password} with a fresh salt. */
    public static String of(char[] password) {
        return of(password, ITERATIONS);
    }

    static String of(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Whether {@code encoded} is a hash this class can check; the reason when not, else null. */
    static String problem(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return "expected " + SCHEME + "$<iterations>$<salt>$<hash> (from 'hostbridge password-hash')";
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                return "iterations must be " + MIN_ITERATIONS + " to " + MAX_ITERATIONS;
            }
            Base64.getDecoder().decode(parts[2]);
            if (Base64.getDecoder().decode(parts[3]).length != HASH_BITS / 8) {
                return "the hash is not " + HASH_BITS / 8 + " bytes";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "iterations, salt or hash unreadable";
        }
    }

    /** Whether {@code password} is the one {@code encoded} was made from (in time independent of where they differ). */
    static boolean matches(String encoded, String password) {
        if (problem(encoded) != null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        char[] chars = password.toCharArray();
        try {
            return MessageDigest.isEqual(expected, derive(chars, salt, Integer.parseInt(parts[1])));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
