package io.hostbridge.core.vm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A disk's partitions' start offsets, from its MBR (the four primary entries and the chain of logical partitions in
 * an extended one) or its GPT, as Linux numbers them: primaries 1-4, logicals from 5, GPT entries in table order.
 */
final class PartitionTables {
    static final int SECTOR = 512;
    private static final int MAX_LOGICAL = 128;
    private static final int MAX_GPT_ENTRIES = 1024;

    /** Reads {@code count} sectors from sector {@code lba} of the disk as the guest sees it. */
    interface Reader {
        ByteBuffer read(long lba, int count) throws IOException;
    }

    private PartitionTables() {
    }

    /** Partition number to start offset in bytes; empty for a disk without a partition table. */
    static Map<Integer, Long> starts(Reader disk) throws IOException {
        Map<Integer, Long> out = new LinkedHashMap<>();
        ByteBuffer mbr = disk.read(0, 1).order(ByteOrder.LITTLE_ENDIAN);
        if (mbr.remaining() < SECTOR || (mbr.getShort(510) & 0xffff) != 0xaa55) {
            return out;
        }
        for (int i = 0; i < 4; i++) {
            int entry = 446 + 16 * i;
            int type = mbr.get(entry + 4) & 0xff;
            long start = mbr.getInt(entry + 8) & 0xffffffffL;
            if (type == 0xee) {
                return gpt(disk);
            }
            if (type == 0) {
                continue;
            }
            out.put(i + 1, start * SECTOR);
            if (type == 0x05 || type == 0x0f || type == 0x85) {
                logical(disk, start, out);
            }
        }
        return out;
    }

    /** The logical partitions: a chain of EBRs, each with the partition (relative to it) and the next EBR. */
    private static void logical(Reader disk, long extended, Map<Integer, Long> out) throws IOException {
        long ebr = extended;
        for (int n = 5; n < 5 + MAX_LOGICAL; n++) {
            ByteBuffer b = disk.read(ebr, 1).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < SECTOR || (b.getShort(510) & 0xffff) != 0xaa55) {
                return;
            }
            if ((b.get(446 + 4) & 0xff) != 0) {
                out.put(n, (ebr + (b.getInt(446 + 8) & 0xffffffffL)) * SECTOR);
            }
            long next = b.getInt(462 + 8) & 0xffffffffL;
            if ((b.get(462 + 4) & 0xff) == 0 || next == 0) {
                return;
            }
            ebr = extended + next;
        }
    }

    private static Map<Integer, Long> gpt(Reader disk) throws IOException {
        Map<Integer, Long> out = new LinkedHashMap<>();
        ByteBuffer header = disk.read(1, 1).order(ByteOrder.LITTLE_ENDIAN);
        byte[] signature = new byte[8];
        header.get(0, signature);
        if (!new String(signature, StandardCharsets.US_ASCII).equals("EFI PART")) {
            return out;
        }
        long entriesLba = header.getLong(72);
        int count = Math.min(header.getInt(80), MAX_GPT_ENTRIES);
        int size = header.getInt(84);
        if (count <= 0 || size < 128 || size > 4096) {
            return out;
        }
        int sectors = (int) (((long) count * size + SECTOR - 1) / SECTOR);
        ByteBuffer entries = disk.read(entriesLba, sectors).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count && (i + 1) * size <= entries.remaining(); i++) {
            int at = i * size;
            if (entries.getLong(at) == 0 && entries.getLong(at + 8) == 0) {
                continue; // an unused entry: no type
            }
            out.put(i + 1, entries.getLong(at + 32) * SECTOR);
        }
        return out;
    }
}
