package io.hostbridge.core.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Screenshots in the hypervisor's format to PNG: QEMU's PPM (P6, 8 and 16 bits), what ImageIO reads, refusals. */
class PngImagesTest {

    /** A P6 image of {@code w}x{@code h} whose pixel (x, y) is (x, y, x + y) scaled to maxval. */
    private static byte[] ppm(int w, int h, int maxval, String headerExtra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("P6\n" + headerExtra + w + " " + h + "\n" + maxval + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int v : new int[] {x, y, x + y}) {
                    int scaled = v * maxval / 255;
                    if (maxval > 255) {
                        out.write(scaled >> 8);
                    }
                    out.write(scaled & 0xff);
                }
            }
        }
        return out.toByteArray();
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void qemusPpmBecomesAPngWithTheSamePixels() throws Exception {
        BufferedImage image = png(PngImages.convert(ppm(64, 48, 255, "# made by a test\n"), PngImages.PPM, "VM x"));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
        assertThat(image.getRGB(10, 20) & 0xffffff).isEqualTo(10 << 16 | 20 << 8 | 30);
        assertThat(image.getRGB(63, 47) & 0xffffff).isEqualTo(63 << 16 | 47 << 8 | 110);
    }

    @Test
    void sixteenBitSamplesAreScaledToEightBits() throws Exception {
        BufferedImage image = png(PngImages.convert(ppm(4, 3, 65535, ""), "image/x-portable-pixmap", "VM x"));
        assertThat(image.getRGB(2, 1) & 0xffffff).isEqualTo(2 << 16 | 1 << 8 | 3);
    }

    @Test
    void otherFormatsImageIoReadsAreConvertedToo() throws Exception {
        BufferedImage bmp = new BufferedImage(5, 7, BufferedImage.TYPE_INT_RGB);
        bmp.setRGB(1, 2, 0x123456);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(bmp, "bmp", out);
        BufferedImage image = png(PngImages.convert(out.toByteArray(), "image/bmp", "VM x"));
        assertThat(image.getRGB(1, 2) & 0xffffff).isEqualTo(0x123456);
    }

    @Test
    void whatCannotBeReadIsRefusedWithAMessageForTheCaller() {
        byte[] cut = ppm(64, 48, 255, "");
        assertThatThrownBy(() -> PngImages.convert(java.util.Arrays.copyOf(cut, cut.length - 1), PngImages.PPM, "VM x"))
                .isInstanceOf(PngImages.ConversionException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> PngImages.convert("P6\n99999 2\n255\n".getBytes(StandardCharsets.US_ASCII),
                PngImages.PPM, "VM x")).hasMessageContaining("width must be a number from 1 to 16384");
        assertThatThrownBy(() -> PngImages.convert("P6\n2 2\n".getBytes(StandardCharsets.US_ASCII), PngImages.PPM,
                "VM x")).hasMessageContaining("ends early");
        assertThatThrownBy(() -> PngImages.convert(new byte[] {1, 2, 3}, "image/x-unknown", "VM x"))
                .hasMessage("The screenshot of VM x comes as image/x-unknown, which the agent cannot convert to PNG");
    }
}
