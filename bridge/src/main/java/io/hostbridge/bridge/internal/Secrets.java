package io.hostbridge.bridge.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps secrets out of logs: values of {@code password} and of names starting {@code _X_} (VDSM's rule) are masked;
 * values named {@code uuid} are image ticket ids (the only input so named: VDSM's ticket verbs and the ticket),
 * the bearer secret of a data URL, and keep only a prefix that tells tickets apart.
 */
public final class Secrets {
    static final String MASK = "********";
    private static final int TICKET_PREFIX = 8;

    private Secrets() {
    }

    public static boolean isSecret(String name) {
        return "password".equals(name) || name.startsWith("_X_");
    }

    private static String prefix(String id) {
        return id.length() <= TICKET_PREFIX ? MASK : id.substring(0, TICKET_PREFIX) + "…";
    }

    /** A copy of {@code value} with every secret, at any depth, replaced by a mask. */
    public static Object redact(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, k instanceof String s && isSecret(s) ? MASK
                    : "uuid".equals(k) && v != null ? prefix(v.toString()) : redact(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Secrets::redact).collect(Collectors.toList());
        }
        if (value instanceof Object[] a) {
            return redact(java.util.Arrays.asList(a));
        }
        return value;
    }
}
