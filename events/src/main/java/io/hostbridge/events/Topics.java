package io.hostbridge.events;

/**
 * The rule for event topics: 1 to {@value #MAX_LENGTH} characters of dot-separated segments, each made of
 * lowercase letters, digits, {@code '_'} and {@code '-'}, for example {@code vm.status} or
 * {@code job.progress}.
 */
public final class Topics {

    /** Longest allowed topic (and topic pattern), in characters. */
    public static final int MAX_LENGTH = 255;

    static final String RULE = "a topic is 1 to " + MAX_LENGTH + " characters of dot-separated segments,"
            + " each made of lowercase letters, digits, '_' or '-' (e.g. vm.status)";

    private Topics() {
    }

    /**
     * Returns {@code topic} when it follows the rule.
     *
     * @throws IllegalArgumentException naming the topic and the rule when it does not
     */
    public static String requireValidTopic(String topic) {
        if (!isValidTopic(topic)) {
            throw new IllegalArgumentException("Invalid topic " + quote(topic) + ": " + RULE);
        }
        return topic;
    }

    /** True when {@code topic} follows the rule. */
    public static boolean isValidTopic(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_LENGTH) {
            return false;
        }
        int segmentLength = 0;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return false;
                }
                segmentLength = 0;
            } else if (isWordChar(c)) {
                segmentLength++;
            } else {
                return false;
            }
        }
        return segmentLength > 0;
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    static String quote(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}
