package io.hostbridge.binding.imageio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where an upload's body is read to on a connection without TLS: the socket is read straight into page-aligned
 * blocks of {@link #BLOCK} bytes, each byte at a block offset congruent to its image offset modulo the page, so that
 * the request thread can hand whole blocks to the disk past the page cache (the raw file backend's {@code O_DIRECT}
 * writes) without copying them again. The HTTP decoder passes such reads on as slices of the same memory.
 * <p>Network thread: {@link #newHandle()} reads, {@link #bodyFollows} switches a request's body on, {@link #close}.
 * Request thread: {@link #find}, {@link #recycle} and {@link #forget}. A block is handed out for reading once and
 * only comes back through {@code recycle}, after the request thread wrote what it holds. The agent holds at most
 * {@link #MAX_BLOCKS} blocks at once, in use or kept for the next upload; an upload that finds none is read as
 * before, through the page cache.
 */
final class BodyBlocks implements RecvByteBufAllocator {
    /** Bytes per block: as fast on this kind of disk as larger direct writes, and one upload window by default. */
    static final int BLOCK = 1 << 20;
    /** The alignment of blocks and of the image offsets they are written at. */
    static final int PAGE = 4096;
    /** Blocks in the whole agent: 32 MiB, eight uploads at full speed. */
    private static final int MAX_BLOCKS = 32;
    /** Free blocks kept for the next uploads of any connection. */
    private static final int KEEP = 8;
    private static final AtomicInteger MADE = new AtomicInteger();
    private static final ArrayDeque<Block> FREE = new ArrayDeque<>();

    private final RecvByteBufAllocator reads;
    private final Object lock = new Object();
    /** The blocks this connection reads into, for {@link #find}; copied on change, read by the request thread. */
    private volatile List<Block> mine = List.of();

    // network thread only
    private long bodyPosition;
    private long bodyRemaining;
    private Block current;
    private int fill;

    BodyBlocks(RecvByteBufAllocator reads) {
        this.reads = reads;
    }

    /** One block: page-aligned direct memory, and the Netty buffer whose slices the socket is read into. */
    static final class Block {
        final ByteBuffer memory;
        final ByteBuf buffer;
        final long address;

        private Block() {
            memory = ByteBuffer.allocateDirect(BLOCK + PAGE).alignedSlice(PAGE);
            buffer = Unpooled.wrappedBuffer(memory.duplicate());
            address = buffer.hasMemoryAddress() ? buffer.memoryAddress() : 0;
        }
    }

    /**
     * Network thread: the next {@code remaining} bytes read from the socket are a body to be written from image offset
     * {@code position}.
     */
    void bodyFollows(long position, long remaining) {
        bodyPosition = position;
        bodyRemaining = remaining;
        current = null;
    }

    /** Network thread: no body is being read (the request ended or failed). */
    void bodyEnds() {
        bodyRemaining = 0;
        current = null;
    }

    /**
     * Network thread: the connection closed. Its blocks no longer count against the agent's; the memory of those still
     * being written is kept by the writes that hold it, then collected.
     */
    void close() {
        bodyEnds();
        synchronized (lock) {
            MADE.addAndGet(-mine.size());
            mine = List.of();
        }
    }

    /** The block holding {@code bytes}; null when they were read elsewhere. */
    Block find(ByteBuf bytes) {
        if (!bytes.hasMemoryAddress() || !bytes.isReadable()) {
            return null;
        }
        long address = bytes.memoryAddress() + bytes.readerIndex();
        for (Block b : mine) {
            if (address >= b.address && address + bytes.readableBytes() <= b.address + BLOCK) {
                return b;
            }
        }
        return null;
    }

    /** The offset of {@code bytes} in {@code block}. */
    static int offset(Block block, ByteBuf bytes) {
        return (int) (bytes.memoryAddress() + bytes.readerIndex() - block.address);
    }

    /** Request thread: every byte of {@code block} the network thread read into it has been written. */
    void recycle(Block block) {
        if (remove(block)) {
            synchronized (FREE) {
                if (FREE.size() < KEEP) {
                    FREE.push(block);
                    return;
                }
            }
            MADE.decrementAndGet();
        }
    }

    /** Request thread: {@code block} is not read from any more (its upload failed): it is left to the collector. */
    void forget(Block block) {
        if (remove(block)) {
            MADE.decrementAndGet();
        }
    }

    private boolean remove(Block block) {
        synchronized (lock) {
            if (!mine.contains(block)) {
                return false; // the connection closed meanwhile
            }
            List<Block> fewer = new ArrayList<>(mine);
            fewer.remove(block);
            mine = List.copyOf(fewer);
            return true;
        }
    }

    private Block take() {
        Block b;
        synchronized (FREE) {
            b = FREE.poll();
        }
        if (b == null) {
            if (MADE.incrementAndGet() > MAX_BLOCKS) {
                MADE.decrementAndGet();
                return null;
            }
            b = new Block();
            if (b.address == 0) {
                MADE.decrementAndGet();
                return null; // no direct memory addresses on this platform: read as usual
            }
        }
        synchronized (lock) {
            List<Block> more = new ArrayList<>(mine);
            more.add(b);
            mine = List.copyOf(more);
        }
        return b;
    }

    @Override
    public Handle newHandle() {
        return new Reads((ExtendedHandle) reads.newHandle());
    }

    /** Netty's adaptive reads, but a body's reads go into the current block. */
    private final class Reads implements ExtendedHandle {
        private final ExtendedHandle adaptive;

        Reads(ExtendedHandle adaptive) {
            this.adaptive = adaptive;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            if (bodyRemaining > 0) {
                if (current == null) {
                    current = take();
                    fill = (int) (bodyPosition % PAGE);
                }
                if (current != null) {
                    int n = (int) Math.min(BLOCK - fill, bodyRemaining);
                    return current.buffer.retainedSlice(fill, n).clear();
                }
            }
            return adaptive.allocate(alloc);
        }

        @Override
        public void lastBytesRead(int bytes) {
            adaptive.lastBytesRead(bytes);
            if (bytes > 0 && bodyRemaining > 0 && current != null) {
                fill += bytes;
                bodyPosition += bytes;
                bodyRemaining -= bytes;
                if (fill == BLOCK || bodyRemaining == 0) {
                    current = null;
                }
            } else if (bytes > 0 && bodyRemaining > 0) {
                // read elsewhere (no block could be had): the body goes on without blocks
                bodyRemaining = 0;
            }
        }

        @Override
        public int guess() {
            return adaptive.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            adaptive.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            adaptive.incMessagesRead(numMessages);
        }

        @Override
        public int lastBytesRead() {
            return adaptive.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            adaptive.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return adaptive.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return adaptive.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return adaptive.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            adaptive.readComplete();
        }
    }
}
