package io.hostbridge.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which topics a subscriber wants: one or more AMQP-style patterns, any of which may match.
 *
 * <p>A pattern is dot-separated segments; a segment is a literal word, {@code *} (exactly one segment) or
 * {@code #} (zero or more segments). So {@code vm.*} matches {@code vm.status} but neither {@code vm} nor
 * {@code vm.migration.progress}; {@code vm.#} matches all three; {@code #} matches every topic. A segment
 * that mixes letters and wildcards ({@code vm*}) is invalid.
 *
 * <p>Immutable. Two filters are equal when they have the same patterns in the same order.
 */
public final class TopicFilter {

    private static final TopicFilter ALL = new TopicFilter(List.of(TopicPattern.ANY));

    private final List<String> patterns;
    private final TopicPattern[] compiled;
    private final boolean matchesEverything;

    private TopicFilter(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().map(TopicPattern::compile).toArray(TopicPattern[]::new);
        boolean everything = false;
        for (TopicPattern pattern : compiled) {
            everything |= pattern.matchesEverything();
        }
        this.matchesEverything = everything;
    }

    /** The filter that matches every topic (pattern {@code #}). */
    public static TopicFilter all() {
        return ALL;
    }

    /**
     * Parses comma-separated patterns such as {@code "vm.*, job.#"}: whitespace around entries is trimmed,
     * empty entries and duplicates are ignored; null or blank means {@link #all()}.
     *
     * @throws IllegalArgumentException naming the first invalid pattern
     */
    public static TopicFilter parse(String commaSeparatedPatterns) {
        if (commaSeparatedPatterns == null || commaSeparatedPatterns.isBlank()) {
            return ALL;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : commaSeparatedPatterns.split(",")) {
            String trimmed = entry.strip();
            if (!trimmed.isEmpty()) {
                entries.add(trimmed);
            }
        }
        return of(entries);
    }

    /**
     * A filter of the given patterns, taken as they are (not trimmed); duplicates are ignored and an empty
     * collection means {@link #all()}.
     *
     * @throws IllegalArgumentException naming the first invalid pattern
     */
    public static TopicFilter of(Collection<String> patterns) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String pattern : patterns) {
            distinct.add(Objects.requireNonNull(pattern, "pattern"));
        }
        if (distinct.isEmpty() || ALL.patterns.equals(List.copyOf(distinct))) {
            return ALL;
        }
        return new TopicFilter(new ArrayList<>(distinct));
    }

    /** True when at least one pattern matches {@code topic} (a valid topic, see {@link Topics}). */
    public boolean matches(String topic) {
        if (matchesEverything) {
            return true;
        }
        for (TopicPattern pattern : compiled) {
            if (pattern.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns, in the order given, without duplicates. */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter other && patterns.equals(other.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    /** The patterns joined with commas: what {@link #parse} reads back into an equal filter. */
    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
