package io.hostbridge.core.vm;

import io.hostbridge.api.BridgeException;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamAbortedException;
import io.hostbridge.api.stream.StreamChannel;
import io.hostbridge.api.stream.StreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * Delivers a screenshot libvirt took: a PNG as it comes, anything else (QEMU's PPM before it could write PNG)
 * read whole and converted.
 */
final class ScreenshotHandler implements StreamHandler {
    /** Largest image read whole for conversion: a 4K display's PPM (3840x2160, 24 MiB) and some. */
    static final int MAX_IMAGE = 32 * 1024 * 1024;
    private static final int READ = 256 * 1024;

    private final UUID vmId;
    private final DomainStream image;
    private final String mime;
    private volatile boolean aborted;

    ScreenshotHandler(UUID vmId, DomainStream image, String mime) {
        this.vmId = vmId;
        this.image = image;
        this.mime = mime;
    }

    @Override
    public void run(StreamChannel channel) throws Exception {
        channel.onAbort(() -> {
            aborted = true;
            image.abort(); // wakes the read below
        });
        try {
            if (PngImages.PNG.equals(mime)) {
                copy(channel);
            } else {
                channel.send(ByteBuffer.wrap(PngImages.convert(readAll(), mime, "VM " + vmId)));
            }
            image.finish();
        } catch (IOException e) {
            if (aborted || e instanceof StreamAbortedException) {
                throw new StreamAbortedException("the caller ended the screenshot of VM " + vmId);
            }
            throw e instanceof PngImages.ConversionException c ? BridgeException.of(ErrorCode.GENERAL, c.getMessage())
                    : BridgeException.failure(ErrorCode.GENERAL, "libvirt could not deliver the screenshot of VM "
                    + vmId, e);
        } finally {
            image.close();
        }
    }

    @Override
    public void discard() {
        image.close();
    }

    private void copy(StreamChannel channel) throws IOException, InterruptedException {
        byte[] buffer = new byte[READ];
        for (int n = image.read(buffer); n >= 0; n = image.read(buffer)) {
            channel.send(ByteBuffer.wrap(Arrays.copyOf(buffer, n)));
        }
    }

    private byte[] readAll() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream(READ);
        byte[] buffer = new byte[READ];
        for (int n = image.read(buffer); n >= 0; n = image.read(buffer)) {
            if (all.size() + n > MAX_IMAGE) {
                throw new PngImages.ConversionException("The screenshot of VM " + vmId + " is larger than "
                        + MAX_IMAGE + " bytes in libvirt's format (" + mime + "); too large to convert to PNG");
            }
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }
}
