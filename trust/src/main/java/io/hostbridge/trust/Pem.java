package io.hostbridge.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM files of certificates and private keys. Reading takes the JDK's own parsers for certificates and PKCS#8 keys
 * (what the agent writes), so that an agent's start does not load BouncyCastle, whose signed jar the JVM verifies
 * and cannot share from its class-data archive; OpenSSL's traditional key forms are read with BouncyCastle
 * ({@link Traditional}). Writing uses BouncyCastle.
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    /** Algorithms of the PKCS#8 keys read, tried in turn (the JDK 17 spec gives no way to ask a key's). */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

    private Pem() {
    }

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, …) and its decoded bytes. */
    private record Block(String label, byte[] der) {
    }

    /** Every certificate in the file, in order. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.label().equals("CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no PEM certificate in it");
        }
        return out;
    }

    static X509Certificate certificate(Path file) throws IOException {
        return certificates(file).get(0);
    }

    /** The first private key in the file: PKCS#8, or OpenSSL's RSA/EC forms. */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block block : blocks(file)) {
            if (block.label().equals("PRIVATE KEY")) {
                return pkcs8(file, block.der());
            }
            if (block.label().equals("RSA PRIVATE KEY") || block.label().equals("EC PRIVATE KEY")) {
                return Traditional.privateKey(file);
            }
        }
        throw new IOException(file + ": no unencrypted PEM private key in it");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // another algorithm's key, or not a key at all: the next, then the error below
            }
        }
        throw new IOException(file + ": its private key is not a PKCS#8 " + String.join(", ", KEY_ALGORITHMS) + " key");
    }

    /** The file's PEM blocks; text outside them (as OpenSSL writes before a certificate) is skipped. */
    private static List<Block> blocks(Path file) throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() <= BEGIN.length() + DASHES.length()) {
                continue;
            }
            String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
            String end = "-----END " + label + DASHES;
            StringBuilder base64 = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals(end)) {
                base64.append(lines.get(j).strip());
                j++;
            }
            if (j == lines.size()) {
                throw new IOException(file + ": no '" + end + "' after line " + (i + 1));
            }
            if (base64.indexOf(":") >= 0) {
                // RFC 1421 headers (Proc-Type, DEK-Info): an encrypted key, which the agent cannot read
                throw new IOException(file + ": the " + label + " at line " + (i + 1) + " is encrypted");
            }
            try {
                blocks.add(new Block(label, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the " + label + " at line " + (i + 1) + " is not valid base64", e);
            }
            i = j;
        }
        return blocks;
    }

    /** OpenSSL's traditional private key forms, which only BouncyCastle reads. */
    private static final class Traditional {
        private static PrivateKey privateKey(Path file) throws IOException {
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                 PEMParser pem = new PEMParser(in)) {
                for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                    if (o instanceof PEMKeyPair pair) {
                        return keys.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    if (o instanceof PrivateKeyInfo info) {
                        return keys.getPrivateKey(info);
                    }
                }
            }
            throw new IOException(file + ": no unencrypted PEM private key in it");
        }
    }

    static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes a certificate file (mode 0644), atomically. */
    static void writePublic(Path file, Object... objects) throws IOException {
        write(file, encode(objects), "rw-r--r--");
    }

    /** Writes a private key file (mode 0600 from its creation: never readable by others, not even briefly). */
    static void writePrivate(Path file, PrivateKey key) throws IOException {
        // PKCS#8 ("BEGIN PRIVATE KEY"): the form every TLS library reads, with the EC curve named inside
        write(file, encode(new JcaPKCS8Generator(key, null).generate()), "rw-------");
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
