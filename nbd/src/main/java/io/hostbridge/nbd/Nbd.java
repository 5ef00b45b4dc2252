package io.hostbridge.nbd;

/** Wire constants of the NBD protocol (fixed newstyle, structured replies), named as in its specification. */
final class Nbd {

    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454f5054L;
    static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;

    static final int OPT_ABORT = 2;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_SET_META_CONTEXT = 10;

    static final int REP_ACK = 1;
    static final int REP_INFO = 3;
    static final int REP_META_CONTEXT = 4;
    static final int REP_ERR_UNSUP = 0x80000001;

    static final int INFO_EXPORT = 0;
    static final int INFO_BLOCK_SIZE = 3;

    static final int TFLAG_READ_ONLY = 1 << 1;
    static final int TFLAG_SEND_FLUSH = 1 << 2;
    static final int TFLAG_SEND_FUA = 1 << 3;
    static final int TFLAG_SEND_WRITE_ZEROES = 1 << 6;
    static final int TFLAG_CAN_MULTI_CONN = 1 << 8;

    static final short CMD_READ = 0;
    static final short CMD_WRITE = 1;
    static final short CMD_DISC = 2;
    static final short CMD_FLUSH = 3;
    static final short CMD_WRITE_ZEROES = 6;
    static final short CMD_BLOCK_STATUS = 7;

    static final short CMD_FLAG_FUA = 1;
    static final short CMD_FLAG_NO_HOLE = 1 << 1;

    static final int REPLY_FLAG_DONE = 1;
    static final int REPLY_TYPE_NONE = 0;
    static final int REPLY_TYPE_OFFSET_DATA = 1;
    static final int REPLY_TYPE_OFFSET_HOLE = 2;
    static final int REPLY_TYPE_BLOCK_STATUS = 5;
    static final int REPLY_TYPE_ERROR_BIT = 1 << 15;

    static final int STATE_HOLE = 1;
    static final int STATE_ZERO = 2;

    static final String BASE_ALLOCATION = "base:allocation";
    static final String ALLOCATION_DEPTH = "qemu:allocation-depth";
    /** Prefix of a dirty bitmap's meta context; its flag 1 marks dirty blocks. */
    static final String DIRTY_BITMAP = "qemu:dirty-bitmap:";
    static final int STATE_DIRTY = 1;

    private Nbd() {
    }

    /** The errno name of an NBD error value, for messages. */
    static String errorName(int error) {
        return switch (error) {
            case 1 -> "EPERM";
            case 5 -> "EIO";
            case 12 -> "ENOMEM";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 75 -> "EOVERFLOW";
            case 95 -> "ENOTSUP";
            case 108 -> "ESHUTDOWN";
            default -> "error " + error;
        };
    }

    /** The name of an option reply error type, for messages. */
    static String optionErrorName(int type) {
        return switch (type & 0x7fffffff) {
            case 1 -> "unsupported option";
            case 2 -> "forbidden by server policy";
            case 3 -> "invalid option";
            case 4 -> "unsupported on this platform";
            case 5 -> "TLS required";
            case 6 -> "unknown export";
            case 7 -> "server shutting down";
            case 8 -> "block size negotiation required";
            case 9 -> "request too big";
            default -> "error type " + (type & 0x7fffffff);
        };
    }
}
