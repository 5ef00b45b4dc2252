package io.hostbridge.nbd;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code json:} image name given to qemu-nbd: names the format and protocol driver explicitly, so qemu
 * neither probes the format nor reads a prefix such as {@code nbd:} in a file name as a protocol.
 */
final class ImageSpec {

    private ImageSpec() {
    }

    static String json(Path image, QemuNbd.Format format) {
        return json(image, format, true);
    }

    /** With {@code backingChain} false a qcow2 image is opened without its backing file ({@code "backing": null}). */
    static String json(Path image, QemuNbd.Format format, boolean backingChain) {
        String driver = Files.isRegularFile(image) ? "file" : "host_device";
        return "json:{\"driver\":\"" + format.name().toLowerCase(java.util.Locale.ROOT) + "\","
                + (backingChain || format != QemuNbd.Format.QCOW2 ? "" : "\"backing\":null,")
                + "\"file\":{\"driver\":\"" + driver + "\",\"filename\":" + quote(image.toAbsolutePath().toString())
                + "}}";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
