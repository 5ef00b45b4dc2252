package io.hostbridge.events;

import java.util.ArrayList;
import java.util.List;

/**
 * One compiled topic pattern. Matching walks the topic string in place (no split, no regex) because it runs
 * for every subscriber on every publish, under the bus lock.
 */
final class TopicPattern {

    static final String ONE = "*";
    static final String ANY = "#";

    static final String RULE = "a pattern is 1 to " + Topics.MAX_LENGTH + " characters of dot-separated"
            + " segments, each either a word of lowercase letters, digits, '_' or '-', or '*' (exactly one"
            + " segment), or '#' (zero or more segments); a segment cannot mix wildcards and letters"
            + " (e.g. vm.*, vm.#, #)";

    private final String[] segments;

    private TopicPattern(String[] segments) {
        this.segments = segments;
    }

    static TopicPattern compile(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > Topics.MAX_LENGTH) {
            throw invalid(pattern);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : pattern.split("\\.", -1)) {
            if (!isValidSegment(segment)) {
                throw invalid(pattern);
            }
            // "#.#" matches exactly what "#" matches; collapsing keeps backtracking shallow
            boolean repeatedAny = ANY.equals(segment) && !segments.isEmpty()
                    && ANY.equals(segments.get(segments.size() - 1));
            if (!repeatedAny) {
                segments.add(ONE.equals(segment) ? ONE : ANY.equals(segment) ? ANY : segment);
            }
        }
        return new TopicPattern(segments.toArray(String[]::new));
    }

    boolean matchesEverything() {
        return segments.length == 1 && segments[0] == ANY;
    }

    /**
     * Glob matching over segments: {@code *} is "one segment", {@code #} is "any run of segments". The
     * greedy scan with a single back-track point is the classic wildcard algorithm, O(segments × topic).
     */
    boolean matches(String topic) {
        int end = topic.length() + 1; // segment start meaning "no segments left"
        int p = 0;
        int t = 0;
        int anyP = -1;
        int anyT = -1;
        while (t < end) {
            if (p < segments.length && segments[p] == ANY) {
                anyP = p++;
                anyT = t;
            } else if (p < segments.length && segmentMatches(segments[p], topic, t)) {
                p++;
                t = nextSegment(topic, t);
            } else if (anyP >= 0) {
                p = anyP + 1;
                anyT = nextSegment(topic, anyT);
                t = anyT;
            } else {
                return false;
            }
        }
        while (p < segments.length && segments[p] == ANY) {
            p++;
        }
        return p == segments.length;
    }

    private static boolean segmentMatches(String segment, String topic, int start) {
        int stop = segmentEnd(topic, start);
        if (segment == ONE) {
            return true;
        }
        return stop - start == segment.length() && topic.regionMatches(start, segment, 0, segment.length());
    }

    private static int nextSegment(String topic, int start) {
        return segmentEnd(topic, start) + 1;
    }

    private static int segmentEnd(String topic, int start) {
        int dot = topic.indexOf('.', start);
        return dot < 0 ? topic.length() : dot;
    }

    private static boolean isValidSegment(String segment) {
        if (segment.equals(ONE) || segment.equals(ANY)) {
            return true;
        }
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Topics.isWordChar(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String pattern) {
        return new IllegalArgumentException("Invalid topic pattern " + Topics.quote(pattern) + ": " + RULE);
    }
}
