package io.hostbridge.binding.amqp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys of the requests received lately, so a redelivered request is recognized and not run again. The broker
 * redelivers what it did not see acknowledged (e.g. the acknowledgement was lost when it died); such
 * messages come from the last few seconds before an outage, far fewer than this remembers.
 */
final class RecentRequests {
    static final int CAPACITY = 10_000;

    private final Map<String, Boolean> keys = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers {@code key}; false when it was already there (a redelivery). */
    synchronized boolean firstTime(String key) {
        return keys.put(key, Boolean.TRUE) == null;
    }
}
