package io.hostbridge.client;

/** How far an image transfer is: bytes done so far, out of the bytes it moves in all (the file's or the volume's). */
@FunctionalInterface
public interface TransferProgress {
    void update(long done, long total);
}
