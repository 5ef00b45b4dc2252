package io.hostbridge.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's topic patterns, for transports that filter here: comma-separated, dot-separated segments, '*' one
 * segment, '#' any number of segments (none too).
 */
final class TopicPatterns {
    private final List<String[]> patterns;

    private TopicPatterns(List<String[]> patterns) {
        this.patterns = patterns;
    }

    static TopicPatterns of(String topics) {
        List<String[]> patterns = new ArrayList<>();
        for (String pattern : topics.split(",")) {
            if (!pattern.isBlank()) {
                patterns.add(pattern.strip().split("\\."));
            }
        }
        return new TopicPatterns(patterns);
    }

    boolean matches(String topic) {
        String[] segments = topic.split("\\.");
        for (String[] pattern : patterns) {
            if (matches(pattern, 0, segments, 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] pattern, int p, String[] topic, int t) {
        if (p == pattern.length) {
            return t == topic.length;
        }
        if (pattern[p].equals("#")) {
            for (int skip = t; skip <= topic.length; skip++) {
                if (matches(pattern, p + 1, topic, skip)) {
                    return true;
                }
            }
            return false;
        }
        return t < topic.length && (pattern[p].equals("*") || pattern[p].equals(topic[t]))
                && matches(pattern, p + 1, topic, t + 1);
    }
}
