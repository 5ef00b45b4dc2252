package io.hostbridge.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of the fixed newstyle negotiation: structured replies, the meta contexts
 * {@code base:allocation}, {@code qemu:allocation-depth} and optionally {@code qemu:dirty-bitmap:<name>}, then {@code NBD_OPT_GO} with the export name.
 */
final class Handshake {

    /** The specification's default maximum payload when the server advertises none. */
    static final int DEFAULT_MAX_BLOCK = 32 * 1024 * 1024;

    private final SocketChannel channel;
    private final String exportName;
    private final List<String> queries;

    private Handshake(SocketChannel channel, String exportName, List<String> queries) {
        this.channel = channel;
        this.exportName = exportName;
        this.queries = queries;
    }

    static ExportInfo negotiate(SocketChannel channel, String exportName) throws IOException {
        return negotiate(channel, exportName, null);
    }

    /** As {@link #negotiate(SocketChannel, String)}, also asking for the dirty bitmap {@code bitmap} when given. */
    static ExportInfo negotiate(SocketChannel channel, String exportName, String bitmap) throws IOException {
        List<String> queries = bitmap == null ? List.of(Nbd.BASE_ALLOCATION, Nbd.ALLOCATION_DEPTH)
                : List.of(Nbd.BASE_ALLOCATION, Nbd.ALLOCATION_DEPTH, Nbd.DIRTY_BITMAP + bitmap);
        return new Handshake(channel, exportName, queries).run();
    }

    private ExportInfo run() throws IOException {
        ByteBuffer greeting = Wire.read(channel, 18);
        if (greeting.getLong() != Nbd.NBDMAGIC || greeting.getLong() != Nbd.IHAVEOPT) {
            throw new NbdException("not an NBD newstyle server (bad greeting magic)");
        }
        int serverFlags = greeting.getShort() & 0xffff;
        if ((serverFlags & Nbd.FLAG_FIXED_NEWSTYLE) == 0) {
            throw new NbdException("NBD server does not support fixed newstyle negotiation");
        }
        int clientFlags = Nbd.FLAG_FIXED_NEWSTYLE | (serverFlags & Nbd.FLAG_NO_ZEROES);
        Wire.writeFully(channel, ByteBuffer.allocate(4).putInt(clientFlags).flip());

        boolean structured = structuredReplies();
        Map<Integer, String> contexts = structured ? metaContexts() : Map.of();
        return go(structured, contexts);
    }

    private boolean structuredReplies() throws IOException {
        sendOption(Nbd.OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0));
        OptionReply reply = receiveReply(Nbd.OPT_STRUCTURED_REPLY);
        if (reply.type == Nbd.REP_ERR_UNSUP) {
            return false;
        }
        reply.expect(Nbd.REP_ACK);
        return true;
    }

    private Map<Integer, String> metaContexts() throws IOException {
        byte[] name = Wire.utf8(exportName);
        int size = 4 + name.length + 4;
        for (String q : queries) {
            size += 4 + Wire.utf8(q).length;
        }
        ByteBuffer data = ByteBuffer.allocate(size).putInt(name.length).put(name).putInt(queries.size());
        for (String q : queries) {
            byte[] bytes = Wire.utf8(q);
            data.putInt(bytes.length).put(bytes);
        }
        sendOption(Nbd.OPT_SET_META_CONTEXT, data.flip());
        Map<Integer, String> contexts = new HashMap<>();
        while (true) {
            OptionReply reply = receiveReply(Nbd.OPT_SET_META_CONTEXT);
            if (reply.type == Nbd.REP_ACK) {
                return Map.copyOf(contexts);
            }
            if (reply.type == Nbd.REP_ERR_UNSUP) {
                return Map.of();
            }
            reply.expect(Nbd.REP_META_CONTEXT);
            int id = reply.data.getInt();
            contexts.put(id, Wire.string(reply.data, reply.data.remaining()));
        }
    }

    private ExportInfo go(boolean structured, Map<Integer, String> contexts) throws IOException {
        byte[] name = Wire.utf8(exportName);
        ByteBuffer data = ByteBuffer.allocate(4 + name.length + 2 + 2)
                .putInt(name.length).put(name).putShort((short) 1).putShort((short) Nbd.INFO_BLOCK_SIZE);
        sendOption(Nbd.OPT_GO, data.flip());
        long size = -1;
        int flags = 0;
        int min = 1;
        int preferred = 4096;
        int max = DEFAULT_MAX_BLOCK;
        while (true) {
            OptionReply reply = receiveReply(Nbd.OPT_GO);
            if (reply.type == Nbd.REP_ACK) {
                break;
            }
            reply.expect(Nbd.REP_INFO);
            int info = reply.data.getShort() & 0xffff;
            if (info == Nbd.INFO_EXPORT) {
                size = reply.data.getLong();
                flags = reply.data.getShort() & 0xffff;
            } else if (info == Nbd.INFO_BLOCK_SIZE) {
                min = reply.data.getInt();
                preferred = reply.data.getInt();
                max = reply.data.getInt();
            }
        }
        if (size < 0) {
            throw new NbdException("NBD server did not report the size of export '" + exportName + "'");
        }
        return new ExportInfo(size, flags, min, preferred, max, structured, contexts);
    }

    private void sendOption(int option, ByteBuffer data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16).putLong(Nbd.IHAVEOPT).putInt(option).putInt(data.remaining());
        Wire.writeFully(channel, header.flip(), data);
    }

    private OptionReply receiveReply(int option) throws IOException {
        ByteBuffer header = Wire.read(channel, 20);
        if (header.getLong() != Nbd.OPTION_REPLY_MAGIC) {
            throw new NbdException("bad NBD option reply magic");
        }
        int replyOption = header.getInt();
        int type = header.getInt();
        int length = header.getInt();
        if (replyOption != option) {
            throw new NbdException("NBD option reply for option " + replyOption + ", expected " + option);
        }
        if (length < 0 || length > 1 << 20) {
            throw new NbdException("NBD option reply too long: " + Integer.toUnsignedString(length) + " bytes");
        }
        ByteBuffer data = Wire.read(channel, length);
        if (type < 0 && type != Nbd.REP_ERR_UNSUP) {
            String message = Wire.string(data, data.remaining());
            throw new NbdException("NBD server refused " + optionName(option) + " for export '" + exportName + "': "
                    + Nbd.optionErrorName(type) + (message.isEmpty() ? "" : " (" + message + ")"));
        }
        return new OptionReply(option, type, data);
    }

    private static String optionName(int option) {
        return switch (option) {
            case Nbd.OPT_GO -> "NBD_OPT_GO";
            case Nbd.OPT_STRUCTURED_REPLY -> "NBD_OPT_STRUCTURED_REPLY";
            case Nbd.OPT_SET_META_CONTEXT -> "NBD_OPT_SET_META_CONTEXT";
            default -> "option " + option;
        };
    }

    private record OptionReply(int option, int type, ByteBuffer data) {
        void expect(int expected) throws NbdException {
            if (type != expected) {
                throw new NbdException("unexpected NBD reply type " + type + " to " + optionName(option));
            }
        }
    }
}
