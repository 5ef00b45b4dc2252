package io.hostbridge.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reply to one BLOCK_STATUS: a list of (length, flags) descriptors per meta context, merged into
 * {@link Extent}s. A server may describe less than asked (the caller asks again from where it stopped) and
 * its last descriptor may run past the request (clipped).
 */
final class BlockStatus implements Replies.Payload {

    private final SocketChannel channel;
    private final Map<Integer, List<long[]>> descriptors = new HashMap<>();

    BlockStatus(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void chunk(int type, int length) throws IOException {
        if (type != Nbd.REPLY_TYPE_BLOCK_STATUS || length < 12 || (length - 4) % 8 != 0) {
            throw new NbdException("unexpected NBD block status chunk type " + type + " of " + length + " bytes");
        }
        ByteBuffer body = Wire.read(channel, length);
        List<long[]> list = descriptors.computeIfAbsent(body.getInt(), id -> new ArrayList<>());
        while (body.hasRemaining()) {
            long extentLength = body.getInt() & 0xffffffffL;
            long flags = body.getInt() & 0xffffffffL;
            if (extentLength == 0) {
                throw new NbdException("NBD server sent an extent of length 0");
            }
            list.add(new long[] {extentLength, flags});
        }
    }

    /**
     * Appends the extents from {@code offset} (clipped at {@code end}) to {@code out}, merging with its last
     * extent when equal, and returns the offset after the last one. Holes come from allocation depth 0.
     */
    long appendTo(List<Extent> out, long offset, long end, int baseId, Integer depthId) throws NbdException {
        List<long[]> base = descriptors.get(baseId);
        if (base == null) {
            throw new NbdException("NBD block status reply has no base:allocation extents");
        }
        List<long[]> depth = depthId == null ? null : descriptors.getOrDefault(depthId, List.of());
        int i = 0;
        int j = 0;
        long baseLeft = 0;
        long depthLeft = depth == null ? Long.MAX_VALUE : 0;
        long baseFlags = 0;
        boolean hole = false;
        while (offset < end) {
            if (baseLeft == 0) {
                if (i == base.size()) {
                    break;
                }
                baseLeft = base.get(i)[0];
                baseFlags = base.get(i++)[1];
            }
            if (depth != null && depthLeft == 0) {
                if (j == depth.size()) {
                    break;
                }
                depthLeft = depth.get(j)[0];
                hole = depth.get(j++)[1] == 0;
            }
            long n = Math.min(Math.min(baseLeft, depthLeft), end - offset);
            add(out, new Extent(offset, n, (baseFlags & Nbd.STATE_ZERO) != 0, hole));
            offset += n;
            baseLeft -= n;
            if (depth != null) {
                depthLeft -= n;
            }
        }
        return offset;
    }

    /**
     * Appends the dirty bitmap's extents from {@code offset} (clipped at {@code end}) to {@code out}, each also zero
     * or not by {@code base:allocation} when the server sent it, merging equal neighbours; returns the offset after
     * the last one.
     */
    long appendDirtyTo(List<DirtyExtent> out, long offset, long end, int dirtyId, Integer baseId)
            throws NbdException {
        List<long[]> dirty = descriptors.get(dirtyId);
        if (dirty == null) {
            throw new NbdException("NBD block status reply has no dirty bitmap extents");
        }
        List<long[]> base = baseId == null ? null : descriptors.getOrDefault(baseId, List.of());
        int i = 0;
        int j = 0;
        long dirtyLeft = 0;
        long baseLeft = base == null ? Long.MAX_VALUE : 0;
        boolean isDirty = false;
        boolean zero = false;
        while (offset < end) {
            if (dirtyLeft == 0) {
                if (i == dirty.size()) {
                    break;
                }
                dirtyLeft = dirty.get(i)[0];
                isDirty = (dirty.get(i++)[1] & Nbd.STATE_DIRTY) != 0;
            }
            if (base != null && baseLeft == 0) {
                if (j == base.size()) {
                    break;
                }
                baseLeft = base.get(j)[0];
                zero = (base.get(j++)[1] & Nbd.STATE_ZERO) != 0;
            }
            long n = Math.min(Math.min(dirtyLeft, baseLeft), end - offset);
            DirtyExtent e = new DirtyExtent(offset, n, isDirty, zero);
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).end() == offset && out.get(last).dirty() == isDirty
                    && out.get(last).zero() == zero) {
                out.set(last, new DirtyExtent(out.get(last).start(), out.get(last).length() + n, isDirty, zero));
            } else {
                out.add(e);
            }
            offset += n;
            dirtyLeft -= n;
            if (base != null) {
                baseLeft -= n;
            }
        }
        return offset;
    }

    private static void add(List<Extent> out, Extent e) {
        if (!out.isEmpty()) {
            Extent last = out.get(out.size() - 1);
            if (last.end() == e.start() && last.zero() == e.zero() && last.hole() == e.hole()) {
                out.set(out.size() - 1, new Extent(last.start(), last.length() + e.length(), e.zero(), e.hole()));
                return;
            }
        }
        out.add(e);
    }
}
