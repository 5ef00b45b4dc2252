package io.hostbridge.bridge.model;

/** Input limits of a parameter or field. */
public record Constraints(long min, long max, int maxLength) {
    public static final Constraints NONE = new Constraints(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);

    public boolean hasMin() {
        return min != Long.MIN_VALUE;
    }

    public boolean hasMax() {
        return max != Long.MAX_VALUE;
    }

    public boolean hasMaxLength() {
        return maxLength != Integer.MAX_VALUE;
    }
}
