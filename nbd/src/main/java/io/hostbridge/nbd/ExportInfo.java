package io.hostbridge.nbd;

import java.util.Map;

/** What the handshake learnt about an export: size, transmission flags, block sizes and meta contexts (by id). */
record ExportInfo(long size, int flags, int minBlock, int preferredBlock, int maxBlock,
                  boolean structuredReplies, Map<Integer, String> contexts) {

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean hasContext(String name) {
        return contexts.containsValue(name);
    }
}
