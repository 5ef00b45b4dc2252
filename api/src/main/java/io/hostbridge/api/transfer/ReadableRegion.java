package io.hostbridge.api.transfer;

import java.nio.channels.FileChannel;

/**
 * Bytes of an image that can be sent straight from a file (sendfile, Netty's {@code FileRegion}). The
 * channel is opened for the caller, read-only, and the caller must close it once the bytes were sent.
 *
 * @param channel  the image file, open for reading
 * @param position where the requested bytes start in the file
 * @param count    how many bytes to send
 */
public record ReadableRegion(FileChannel channel, long position, long count) {
}
