package io.hostbridge.core.vm;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Screenshots to PNG. libvirt hands over the image in the hypervisor's format: QEMU's {@code screendump} wrote PPM
 * ({@code image/x-portable-pixmap}) until libvirt asked it for PNG (libvirt 9.0 with QEMU 7.2 gives PNG already).
 * javax.imageio writes PNG and reads BMP, GIF and JPEG, but not PPM: binary PPM (P6) is read here.
 */
final class PngImages {
    static final String PNG = "image/png";
    static final String PPM = "image/x-portable-pixmap";
    /** Largest side accepted from a PPM header: more than any display, and bounds the pixels allocated. */
    static final int MAX_SIDE = 16384;

    /** An image that cannot be converted; its message is safe for the caller. */
    static final class ConversionException extends IOException {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    private PngImages() {
    }

    /** {@code image} (of type {@code mime}) as PNG; {@code what} names it in errors ("VM …"). */
    static byte[] convert(byte[] image, String mime, String what) throws ConversionException {
        BufferedImage picture;
        try {
            picture = isPpm(image, mime) ? readPpm(image) : ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new ConversionException("The screenshot of " + what + " (" + mime + ") is not a readable image: "
                    + e.getMessage());
        }
        if (picture == null) {
            throw new ConversionException("The screenshot of " + what + " comes as " + mime + ", which the agent"
                    + " cannot convert to PNG");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(image.length / 4 + 1024);
        try {
            ImageIO.write(picture, "png", png);
        } catch (IOException e) {
            throw new ConversionException("The screenshot of " + what + " could not be written as PNG");
        }
        return png.toByteArray();
    }

    private static boolean isPpm(byte[] image, String mime) {
        return PPM.equals(mime) || image.length >= 2 && image[0] == 'P' && image[1] == '6';
    }

    /**
     * Binary PPM: "P6", width, height and maxval as decimal text separated by white space (and {@code #}
     * comments), one white-space byte, then RGB samples of one byte (maxval below 256) or two, big-endian.
     */
    static BufferedImage readPpm(byte[] data) throws IOException {
        Header h = new Header(data);
        if (!"P6".equals(h.token())) {
            throw new IOException("not a binary PPM (P6)");
        }
        int width = h.number("width", MAX_SIDE);
        int height = h.number("height", MAX_SIDE);
        int maxval = h.number("maxval", 65535);
        int at = h.rasterStart();
        int bytes = maxval < 256 ? 1 : 2;
        if ((long) width * height * 3 * bytes > data.length - at) {
            throw new IOException("the pixels of a " + width + "x" + height + " PPM are cut short");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    int v = bytes == 1 ? data[at] & 0xff : (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
                    at += bytes;
                    rgb = rgb << 8 | (maxval == 255 ? v : Math.min(255, (v * 255 + maxval / 2) / maxval));
                }
                row[x] = rgb;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    /** The text header of a PPM. */
    private static final class Header {
        private final byte[] data;
        private int at;

        Header(byte[] data) {
            this.data = data;
        }

        String token() throws IOException {
            skipSpaceAndComments();
            int start = at;
            while (at < data.length && !space(data[at]) && at - start < 16) {
                at++;
            }
            if (at == start) {
                throw new IOException("the PPM header ends early");
            }
            return new String(data, start, at - start, java.nio.charset.StandardCharsets.US_ASCII);
        }

        int number(String name, int max) throws IOException {
            String token = token();
            try {
                int n = Integer.parseInt(token);
                if (n >= 1 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IOException("the PPM header's " + name + " must be a number from 1 to " + max);
        }

        /** After maxval: exactly one white-space byte, then the pixels. */
        int rasterStart() throws IOException {
            if (at >= data.length || !space(data[at])) {
                throw new IOException("the PPM header ends early");
            }
            return at + 1;
        }

        private void skipSpaceAndComments() {
            while (at < data.length && (space(data[at]) || data[at] == '#')) {
                if (data[at] == '#') {
                    while (at < data.length && data[at] != '\n') {
                        at++;
                    }
                } else {
                    at++;
                }
            }
        }

        private static boolean space(byte b) {
            return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
        }
    }
}
