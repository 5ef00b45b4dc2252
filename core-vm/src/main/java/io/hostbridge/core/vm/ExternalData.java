package io.hostbridge.core.vm;

import io.hostbridge.api.vm.VmExternalData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * A VM's data kept outside its disks, encoded as VDSM encodes it for the manager: a TPM's state directory as a tar,
 * base64; UEFI variables bzip2-compressed, base64, after the format marker {@code =0=}. The hash is SHA-256 of the
 * encoded text, so a caller that keeps it can ask for data only when it changed.
 */
final class ExternalData {
    /** The largest state read: a TPM's or an NVRAM's is well under a MiB. */
    private static final long MAX_BYTES = 16L << 20;

    private ExternalData() {
    }

    /** The UEFI variables file. */
    static String nvram(Path file) throws IOException {
        byte[] raw = read(file);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(compressed)) {
            bz.write(raw);
        }
        return "=0=" + Base64.getEncoder().encodeToString(compressed.toByteArray());
    }

    /** A TPM's state directory: its regular files, by name, as a tar. */
    static String tpm(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            for (Path f : files) {
                byte[] bytes = read(f);
                TarArchiveEntry entry = new TarArchiveEntry(f.getFileName().toString());
                entry.setSize(bytes.length);
                entry.setMode(0600);
                entry.setModTime(Files.getLastModifiedTime(f).toMillis());
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        return Base64.getEncoder().encodeToString(tar.toByteArray());
    }

    /** The result: the hash, and the data unless {@code lastHash} is the hash. */
    static VmExternalData result(String encoded, String lastHash) {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    encoded.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
        return new VmExternalData(hash, hash.equals(lastHash) ? null : encoded);
    }

    private static byte[] read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("the file is larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
